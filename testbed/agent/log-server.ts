// The minimal kubelet API the apiserver proxies `kubectl logs` to: GET /containerLogs/{ns}/{pod}/{container}.
import { readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatRecord, parseLogRecords, tail } from './log-file.ts';

/** Where one container's current and previous logs live and whether it still runs. */
export interface ContainerLogSource {
  path: string;
  previousPath?: string;
  running(): boolean;
}

/** Looks up a container's logs by namespace/pod/container. */
export type LogLookup = (namespace: string, pod: string, container: string) => ContainerLogSource | undefined;

function readFrom(path: string, offset: number): { data: string; size: number } {
  const size = statSync(path).size;
  if (size <= offset) return { data: '', size: offset };
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(size - offset);
    readSync(fd, buffer, 0, buffer.length, offset);
    return { data: buffer.toString(), size };
  } finally {
    closeSync(fd);
  }
}

async function serveLogs(source: ContainerLogSource, url: URL, res: ServerResponse): Promise<void> {
  const timestamps = url.searchParams.get('timestamps') === 'true';
  const follow = url.searchParams.get('follow') === 'true';
  const tailParam = url.searchParams.get('tailLines');
  const tailLines = tailParam === null ? undefined : Number(tailParam);
  const previous = url.searchParams.get('previous') === 'true';
  const path = previous ? source.previousPath : source.path;
  if (!path) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('previous terminated container not found');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
  let { data, size } = readFrom(path, 0);
  let parsed = parseLogRecords(data);
  res.write(
    tail(parsed.records, tailLines)
      .map((r) => formatRecord(r, timestamps))
      .join(''),
  );
  if (!follow || previous) {
    res.end();
    return;
  }
  let closed = false;
  res.on('close', () => (closed = true));
  // Poll the file: the container writes through the agent, so appends are small and a 200 ms lag is fine.
  while (!closed) {
    const wasRunning = source.running();
    await new Promise((r) => setTimeout(r, 200));
    const next = readFrom(path, size);
    size = next.size;
    parsed = parseLogRecords(parsed.rest + next.data);
    if (parsed.records.length > 0) res.write(parsed.records.map((r) => formatRecord(r, timestamps)).join(''));
    if (!wasRunning && next.data === '') break;
  }
  res.end();
}

/** Starts the HTTPS log endpoint on 127.0.0.1:`port` with the given cert (the apiserver does not verify it). */
export function startLogServer(port: number, host: string, cert: { certFile: string; keyFile: string }, lookup: LogLookup): Promise<Server> {
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (req.method !== 'GET' || !m) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`the testbed node agent serves only GET /containerLogs/…, not ${req.method} ${url.pathname}`);
      return;
    }
    const [ns, pod, container] = [m[1], m[2], m[3]].map((s) => decodeURIComponent(s as string)) as [string, string, string];
    const source = lookup(ns, pod, container);
    if (!source) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`container "${container}" in pod "${pod}" in namespace "${ns}" has no logs on this node`);
      return;
    }
    serveLogs(source, url, res).catch((error: unknown) => res.destroy(error as Error));
  };
  const server = createServer({ cert: readFileSync(cert.certFile), key: readFileSync(cert.keyFile) }, handler);
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveServer(server));
  });
}
