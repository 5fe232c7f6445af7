/**
 * Pins: every container image and every GitHub Actions step a guide shows must name exactly one
 * build. A tag (`nginx:1.27`, `actions/checkout@v4`) can be moved by whoever controls the
 * registry or the repository, so a reader who copies the snippet would run whatever the tag points
 * at that day. A digest (`@sha256:` + 64 hex) or a full 40-hex commit SHA cannot be moved.
 *
 * The check reads every fenced block whatever its language, because image names turn up in YAML,
 * JSON, HCL, Dockerfiles and shell alike. It looks at the places a reference is written:
 * `image:`/`"image":`/`image =` keys (with GitLab's `image: { name: … }` form), `container:`,
 * `uses:`, `FROM`, `COPY --from=`, `docker run`/`docker create`/`podman run`, and `--image`.
 */

export interface PinFinding {
  /** 1-based line inside the block. */
  line: number;
  reference: string;
  kind: 'image' | 'action';
  message: string;
}

const digest = /@sha256:[0-9a-f]{64}$/;
const commitSha = /^[0-9a-f]{40}$/;
/**
 * A reference built from a variable (`${{ github.sha }}`, `$IMAGE`) is the team's own image,
 * named by the pipeline that built it; it has no fixed digest to write down, so it is left alone.
 * A placeholder such as `<full-commit-hash>` is not left alone: it is a pin that is missing.
 */
const variable = /\$\{\{|\$\{?[A-Za-z_]/;

function clean(value: string): string {
  return value.trim().replace(/^["']|["',]+$/g, '').replace(/^["']|["']$/g, '');
}

/** Why an image reference is not pinned, or undefined when it is (or cannot be judged). */
export function imageProblem(reference: string): string | undefined {
  const ref = clean(reference);
  if (ref === '' || variable.test(ref)) return undefined;
  if (ref === 'scratch') return undefined; // the empty image: there is nothing to pin
  if (digest.test(ref)) return undefined;
  if (/@sha256:/.test(ref)) return `the digest after @sha256: must be 64 hex characters`;
  return `no digest: add @sha256:<64 hex> after the tag (a tag can be moved to another build)`;
}

/** Why a GitHub Actions `uses:` value is not pinned, or undefined when it is or needs no pin. */
export function actionProblem(value: string): string | undefined {
  const ref = clean(value);
  if (ref === '' || variable.test(ref)) return undefined;
  // A local action lives in the same repository and commit as the workflow.
  if (ref.startsWith('./') || ref.startsWith('../')) return undefined;
  if (ref.startsWith('docker://')) return imageProblem(ref.slice('docker://'.length));
  const at = ref.lastIndexOf('@');
  if (at === -1) return 'no version at all: add @<40-hex commit SHA> # vX.Y.Z';
  if (commitSha.test(ref.slice(at + 1))) return undefined;
  return `"@${ref.slice(at + 1)}" is not a full 40-character commit SHA (a tag or branch can be moved)`;
}

/** Joins shell lines ending in a backslash, remembering where each joined line started. */
function logicalLines(body: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i]!;
    while (/\\\s*$/.test(text) && i + 1 < lines.length) text = `${text.replace(/\\\s*$/, ' ')}${lines[++i]!.trim()}`;
    out.push({ text, line: start + 1 });
  }
  return out;
}

/** `docker run` options that take a value as the next word, so the image is not mistaken for it. */
const runValueOptions = new Set([
  '-a', '--attach', '-e', '--env', '--env-file', '-v', '--volume', '-p', '--publish', '--name', '--network', '--net',
  '-w', '--workdir', '-u', '--user', '--entrypoint', '-h', '--hostname', '-l', '--label', '--mount', '--platform',
  '--cpus', '-m', '--memory', '--add-host', '--cap-add', '--cap-drop', '--device', '--dns', '--security-opt',
  '--tmpfs', '--ulimit', '--restart', '--pull', '--log-driver', '--log-opt', '--gpus', '--shm-size', '--ipc', '--pid',
  '--group-add', '--volumes-from', '--cidfile', '--stop-signal', '--stop-timeout', '--health-cmd', '--runtime',
]);

/** The image word of a `docker run …` command, or undefined. */
function runImage(words: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.startsWith('-')) {
      if (!word.includes('=') && runValueOptions.has(word)) i++;
      continue;
    }
    return word;
  }
  return undefined;
}

/** Splits a shell line into words, keeping quoted parts together (enough to find an image name). */
function shellWords(text: string): string[] {
  return [...text.matchAll(/"[^"]*"|'[^']*'|[^\s]+/g)].map((m) => m[0]);
}

/** Every unpinned image or action reference in one fenced block. */
export function findUnpinned(body: string): PinFinding[] {
  const findings: PinFinding[] = [];
  const lines = body.split('\n');
  const stages = new Set<string>();
  const add = (line: number, reference: string, kind: 'image' | 'action', problem: string | undefined) => {
    if (problem) findings.push({ line, reference: clean(reference), kind, message: problem });
  };

  lines.forEach((text, i) => {
    const line = i + 1;
    const uses = /^\s*(?:-\s+)?uses:\s*(\S+)/.exec(text);
    if (uses) add(line, uses[1]!, 'action', actionProblem(uses[1]!));

    // `image: x`, `- image: x`, `"image": "x"` (also inline, after `{` or `,`), HCL `image = "x"`.
    const image = /(?:^|[{,])\s*(?:-\s+)?["']?image["']?\s*[:=]\s*("[^"]*"|'[^']*'|[^\s,}#]*)/.exec(text);
    if (image) {
      let value = image[1]!;
      let at = line;
      if (value === '' || value === '{') {
        // GitLab CI: `image:` then an indented `name: <image>` line.
        const indent = /^\s*/.exec(text)![0].length;
        for (let j = i + 1; j < lines.length && (lines[j]!.trim() === '' || /^\s*/.exec(lines[j]!)![0].length > indent); j++) {
          const name = /^\s*["']?name["']?\s*:\s*(\S+)/.exec(lines[j]!);
          if (name) {
            value = name[1]!;
            at = j + 1;
            break;
          }
        }
      }
      if (value !== '' && !value.startsWith('{') && !value.startsWith('[')) add(at, value, 'image', imageProblem(value));
    }

    // A job container written on one line: `container: node:22`.
    const container = /^\s*container:\s*([^\s#{][^\s#]*)/.exec(text);
    if (container) add(line, container[1]!, 'image', imageProblem(container[1]!));

    const from = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(text);
    if (from) {
      if (!stages.has(from[1]!.toLowerCase())) add(line, from[1]!, 'image', imageProblem(from[1]!));
      if (from[2]) stages.add(from[2].toLowerCase());
    }

    const copyFrom = /^\s*COPY\s+(?:--\S+\s+)*?--from=(\S+)/i.exec(text);
    // `--from=` may name an earlier stage (by name or number) instead of an image.
    if (copyFrom && !stages.has(copyFrom[1]!.toLowerCase()) && !/^\d+$/.test(copyFrom[1]!)) {
      add(line, copyFrom[1]!, 'image', imageProblem(copyFrom[1]!));
    }
  });

  for (const { text, line } of logicalLines(body)) {
    for (const match of text.matchAll(/\b(?:docker|podman)\s+(?:container\s+)?(?:run|create)\s+([^;&|]*)/g)) {
      const ref = runImage(shellWords(match[1]!));
      if (ref) add(line, ref, 'image', imageProblem(ref));
    }
    for (const match of text.matchAll(/(?:^|\s)--image(?:=|\s+)(\S+)/g)) add(line, match[1]!, 'image', imageProblem(match[1]!));
  }
  return findings;
}
