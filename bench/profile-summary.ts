// `tsx bench/profile-summary.ts <file.cpuprofile> [top]`: self time by function and by package, to explain a miss.
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Which package (or "node:internal", "app", "(idle)") a frame belongs to. */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node:internal';
  return 'app';
}

/** Self milliseconds per function and per package, largest first. */
export function summarize(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfByFn = new Map<string, number>();
  const selfByPkg = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    total += ms;
    const fn = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/work\/main\//, '')}:${frame.lineNumber + 1}`;
    selfByFn.set(fn, (selfByFn.get(fn) ?? 0) + ms);
    const pkg = packageOf(frame.url, frame.functionName);
    selfByPkg.set(pkg, (selfByPkg.get(pkg) ?? 0) + ms);
  });
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${v.toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  return [`total sampled: ${total.toFixed(0)} ms`, '', 'self time by package:', ...rows(selfByPkg), '', 'self time by function:', ...rows(selfByFn)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  new Command('tsx bench/profile-summary.ts')
    .description('Self time by function and by package of a CPU profile (node --cpu-prof), to explain a missed figure.')
    .argument('<file.cpuprofile>', 'the profile to summarize')
    .argument(
      '[top]',
      'rows per table',
      (value) => {
        const top = Number(value);
        if (!Number.isInteger(top) || top < 1) throw new InvalidArgumentError('[top]: give a whole number ≥ 1, e.g. 25');
        return top;
      },
      25,
    )
    .showHelpAfterError()
    .action((file: string, top: number) => {
      process.stdout.write(`${summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top)}\n`);
    })
    .parse();
}
