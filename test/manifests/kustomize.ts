// Renders the repo's kustomizations with the real kubectl, optionally re-rooted into another namespace (tests).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A rendered manifest (plain object). */
export type Manifest = Record<string, any>;

/** `kubectl kustomize <dir>` (dir relative to the repo root), parsed. */
export function renderKustomize(dir: string): Manifest[] {
  const out = execFileSync('kubectl', ['kustomize', dir], { cwd: root, encoding: 'utf8' });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Manifest)
    .filter(Boolean);
}

/** Renders `dir` through a throw-away overlay that sets `namespace`, the way users are told to. */
export function renderInNamespace(dir: string, namespace: string): Manifest[] {
  const overlay = mkdtempSync(join(tmpdir(), 'netpart-overlay-'));
  writeFileSync(
    join(overlay, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${namespace}\nresources:\n  - ${relative(overlay, join(root, dir))}\n`,
  );
  return renderKustomize(overlay);
}

/** `kubectl apply -f` of rendered manifests (as one List), the way `kubectl apply -k` with an overlay would apply them. */
export function kubectlApply(kubeconfigPath: string, docs: Manifest[]): void {
  const file = join(mkdtempSync(join(tmpdir(), 'netpart-apply-')), 'all.json');
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs }));
  execFileSync('kubectl', ['apply', '-f', file], { env: { ...process.env, KUBECONFIG: kubeconfigPath }, stdio: 'pipe' });
}
