// The `yaml` parser as its own module: the early kubeconfig loader imports it only for a YAML file, and the runner's
// build makes it an entry that the self-contained runner/main.mjs can load.
export { parse as parseYaml } from 'yaml';
