"""Conformance of a served fault-injection API with the old service's protocol, standard library only.

Written from the documented protocol (the client's calls, arguments and response fields), not from its code. Env:
API_URL, NAMESPACE (with pods vllm-frontend-0, vllm-decode-worker-*, nats-0), TOKEN (optional bearer token),
DENIED_TOKEN (optional: a token without rights), POLICY_SELECTOR (label selector of the API's NetworkPolicies),
KUBECONFIG (for kubectl). Prints one line per check; exits 1 if any failed.
"""
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

API_URL = os.environ["API_URL"].rstrip("/")
NS = os.environ["NAMESPACE"]
TOKEN = os.environ.get("TOKEN") or None
FAILED = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    if not ok:
        FAILED.append(name)


def call(method, path, body=None, token=TOKEN):
    """(status, json) of one request, as the client's requests.<method>(...) would make it."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(API_URL + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            return res.status, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def inject(partition_type, parameters, duration=60):
    """The client's inject_network_partition(partition_type, source, target, mode, duration, **parameters)."""
    body = {"partition_type": partition_type, "source": NS, "target": NS, "mode": "networkpolicy",
            "parameters": {"namespace": NS, **parameters}, "duration": duration}
    return call("POST", "/api/v1/faults/network/inject", body)


def policies():
    """NetworkPolicies of the API's faults in NS, by name (kubectl, as a test author would check)."""
    out = subprocess.run(["kubectl", "get", "networkpolicies", "-n", NS, "-l", os.environ["POLICY_SELECTOR"], "-o", "json"],
                         check=True, capture_output=True, text=True).stdout
    return {p["metadata"]["name"]: p for p in json.loads(out)["items"]}


# The guide's example flows: who is cut from what, each through the client's inject call.
FLOWS = [
    ("worker -> NATS", "frontend_worker", {"target_pod_prefix": "vllm-decode-worker", "block_nats": True}),
    ("frontend -> NATS", "frontend_worker", {"target_pod_prefix": "vllm-frontend", "block_nats": True}),
    ("worker -> frontend (pod to pod)", "custom", {"target_pod_prefix": "vllm-decode-worker",
                                                   "block_specific_pods": [{"app.kubernetes.io/name": "frontend"}], "block_nats": False}),
    ("worker isolated (all egress)", "custom", {"target_pod_prefix": "vllm-decode-worker", "block_all_egress": True}),
]


def flows():
    for name, partition_type, parameters in FLOWS:
        status, res = inject(partition_type, parameters)
        check(f"{name}: inject 200", status == 200, res)
        if status != 200:
            continue
        fid = res["fault_id"]
        check(f"{name}: response fields", res.get("status") == "injected" and res.get("fault_type") == f"network_{partition_type}"
              and res.get("target") == f"{NS} -> {NS}" and "injected_at" in res and "message" in res, res)
        policy = policies().get(f"netpart-{fid}")
        check(f"{name}: one NetworkPolicy for the fault", policy is not None, sorted(policies()))
        if policy:
            check(f"{name}: the policy cuts egress", "Egress" in policy["spec"].get("policyTypes", []), policy["spec"])
        status, got = call("GET", f"/api/v1/faults/{fid}")
        check(f"{name}: get", status == 200 and got.get("id") == fid and got.get("status") == "injected"
              and got.get("details", {}).get("partition_type") == partition_type, got)
        status, listed = call("GET", "/api/v1/faults?active_only=true")
        check(f"{name}: listed as active", status == 200 and any(f["id"] == fid for f in listed["faults"])
              and listed["count"] == len(listed["faults"]), listed)
        status, rec = call("POST", f"/api/v1/faults/{fid}/recover")
        check(f"{name}: recover", status == 200 and rec.get("status") == "recovered" and rec.get("fault_id") == fid, rec)
        check(f"{name}: policy removed", f"netpart-{fid}" not in policies())
        status, _ = call("POST", f"/api/v1/faults/{fid}/recover")
        check(f"{name}: recover again is 200", status == 200)
        status, listed = call("GET", "/api/v1/faults")
        check(f"{name}: listed as recovered", status == 200 and any(f["id"] == fid and f["status"] == "recovered" for f in listed["faults"]), listed)


def cleanup_and_errors():
    ids = [inject("worker_nats", {"target_pod_prefix": "vllm-decode-worker"}, duration="120")[1].get("fault_id") for _ in range(2)]
    check("two same-type faults coexist (duration as a numeric string)", all(ids) and len(set(ids)) == 2, ids)
    status, res = call("POST", f"/api/v1/faults/network/cleanup?namespace={NS}")
    check("cleanup", status == 200 and res.get("status") == "success" and res.get("policies_deleted") == 2, res)
    check("cleanup left no policy", policies() == {}, sorted(policies()))
    status, res = inject("custom", {"target_pod_prefix": "vllm-decode-worker", "delay_ms": 100})
    check("unknown parameter is a 422 naming it", status == 422 and any(p["loc"][-1] == "delay_ms" for p in res["detail"]), res)
    status, res = call("GET", "/health", token=None)
    check("health", status == 200 and res.get("status") == "healthy", res)
    denied = os.environ.get("DENIED_TOKEN")
    if denied:
        status, res = call("POST", "/api/v1/faults/network/inject", {"partition_type": "custom", "source": NS, "target": NS,
                           "parameters": {"target_pod_prefix": "vllm-decode-worker"}}, token=denied)
        check("a token without rights is 403, even where token-less calls are allowed", status == 403, res)
        check("... and created nothing", policies() == {}, sorted(policies()))


if __name__ == "__main__":
    print(f"# {API_URL} namespace {NS} {'with a token' if TOKEN else 'without a token'}")
    flows()
    cleanup_and_errors()
    sys.exit(1 if FAILED else 0)
