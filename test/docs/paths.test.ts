// Every repo path a reader is pointed at exists: in README.md, testbed/README.md and docs/*.md (code, prose and links),
// and in the string literals under runner/ and testbed/ (error and log messages). Docs must also stand on their own: no link leaves the repo.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const TOP_DIRS = ['manifests', 'docs', 'scripts', 'images', 'test', 'runner', 'scenarios', 'testbed', 'bench', 'examples', '.ci', '.github'];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A path starts at a top-level dir and is not the tail of a longer path or URL (`/app/runner/…`, `ghcr.io/x/runner`).
const REPO_PATH = new RegExp(`(?<![\\w./~$@:-])(?:${TOP_DIRS.map(escape).join('|')})/[\\w.\\-/]*`, 'g');
// Root documents are named without a dir (`BENCHMARKS.md`, `DESIGN.md`).
const ROOT_DOC = /(?<![\w./-])[A-Z][A-Z0-9_-]*\.md\b/g;
// `scenarios/<name>.mjs`, `test/**/*.test.ts`, `${dir}`: what follows is a placeholder, so only the directory is real.
const PLACEHOLDER = /^[<*{$]/;

/** One named path and where it was named. */
interface Mention {
  path: string;
  where: string;
}

/** Repo paths in a text; `cutAtEnd` when the text is a template chunk that continues with a substitution. */
function pathsIn(text: string, where: string, cutAtEnd = false): Mention[] {
  const found: Mention[] = [];
  for (const m of text.matchAll(REPO_PATH)) {
    let path = m[0].replace(/[.,:;]+$/, '');
    const next = text.slice((m.index ?? 0) + m[0].length);
    if (PLACEHOLDER.test(next) || (cutAtEnd && next === '')) path = path.slice(0, path.lastIndexOf('/') + 1);
    found.push({ path, where });
  }
  for (const m of text.matchAll(ROOT_DOC)) found.push({ path: m[0], where });
  return found;
}

function markdownFiles(): string[] {
  return [
    'README.md',
    'testbed/README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
}

/** Code spans and fenced code lines of a markdown line: where docs name paths (prose like "bench/dev" is not one). */
function codeIn(line: string, fenced: boolean): string[] {
  return fenced ? [line] : [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
}

/** Paths named in a markdown text, plus its relative link targets (and `../` paths) resolved from its directory. */
function markdownMentions(file: string, text = readFileSync(join(ROOT, file), 'utf8')): { named: Mention[]; links: Mention[] } {
  const named: Mention[] = [];
  const links: Mention[] = [];
  let fenced = false;
  text.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line.trimStart().startsWith('```')) {
      fenced = !fenced;
      return;
    }
    for (const code of codeIn(line, fenced)) {
      named.push(...pathsIn(code, where));
      // `../x` in code: a path relative to the doc that may leave the repo
      for (const m of code.matchAll(/(?<![\w./])\.\.\/[\w.\-/]+/g)) links.push({ path: relative(ROOT, resolve(ROOT, dirname(file), m[0])), where });
    }
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = (m[1] ?? '').split('#')[0] ?? '';
      if (target === '' || /^[a-z]+:/i.test(target)) continue; // anchors and URLs
      links.push({ path: relative(ROOT, resolve(ROOT, dirname(file), target)), where });
    }
  });
  return { named, links };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** Paths named in a source file's string literals and template chunks (module specifiers aside). */
function sourceMentions(file: string): Mention[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Mention[] = [];
  const visit = (node: ts.Node): void => {
    const isSpecifier = (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent)) && node.parent.moduleSpecifier === node;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !isSpecifier) {
      found.push(...pathsIn(node.text, where(node)));
    } else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node)) {
      found.push(...pathsIn(node.text, where(node), true));
    } else if (ts.isTemplateTail(node)) {
      found.push(...pathsIn(node.text, where(node)));
    }
    ts.forEachChild(node, visit);
  };
  const where = (node: ts.Node) => `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  ts.forEachChild(source, visit);
  return found;
}

const missing = (mentions: Mention[]) => mentions.filter((m) => !existsSync(join(ROOT, m.path))).map((m) => `${m.where}: ${m.path}`);

describe('paths named to readers exist', () => {
  test('README.md, testbed/README.md and docs/*.md name only paths that exist', () => {
    const named = markdownFiles().flatMap((f) => markdownMentions(f).named);
    assert.ok(named.length > 20, `found ${named.length} paths: the scan itself works`);
    assert.deepEqual(missing(named), []);
  });

  test('README.md, testbed/README.md and docs/*.md link only to files inside the repo that exist', () => {
    const links = markdownFiles().flatMap((f) => markdownMentions(f).links);
    assert.deepEqual(
      links.filter((l) => l.path.startsWith('..')).map((l) => `${l.where}: ${l.path} is outside the repo`),
      [],
    );
    assert.deepEqual(missing(links), []);
  });

  test('string literals under runner/ and testbed/ (error and log messages) name only paths that exist', () => {
    const named = ['runner', 'testbed'].flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap(sourceMentions);
    assert.ok(
      named.some((m) => m.path.startsWith('docs/')),
      'the scan finds the docs/ references in messages',
    );
    assert.deepEqual(missing(named), []);
  });

  test('the scan catches a missing path, a placeholder and a reference outside the repo', () => {
    assert.deepEqual(
      pathsIn('see manifests/base/nope.yaml, scenarios/<name>.mjs and /app/runner/main.mjs.', 'x').map((m) => m.path),
      ['manifests/base/nope.yaml', 'scenarios/'],
    );
    assert.deepEqual(missing(pathsIn('manifests/base/submitter-role.yaml', 'x')), ['x: manifests/base/submitter-role.yaml']);
    const doc = markdownMentions(
      'README.md',
      'the (see `../shared/DESIGN.md`) and [x](../other/README.md), a bench/dev knob\n```sh\nbash scripts/nope.sh\n```\n',
    );
    assert.deepEqual(
      doc.links.map((l) => l.path),
      ['../shared/DESIGN.md', '../other/README.md'],
    );
    assert.deepEqual(
      doc.named.map((m) => m.path),
      ['scripts/nope.sh'],
    );
  });
});
