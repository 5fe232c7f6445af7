import { describe, expect, it } from 'vitest';
import { actionProblem, findUnpinned, imageProblem } from '../../../../src/lib/content/snippets/pins.ts';

const digest = `sha256:${'a'.repeat(64)}`;
const sha = '0123456789abcdef0123456789abcdef01234567';

describe('the image and action pin check', () => {
  it('fails an image given by tag alone, in YAML, a Dockerfile and docker run', () => {
    expect(findUnpinned('services:\n  web:\n    image: foo:latest\n')).toMatchObject([{ line: 3, reference: 'foo:latest', kind: 'image' }]);
    expect(findUnpinned('FROM python:3.13-slim\n')).toMatchObject([{ reference: 'python:3.13-slim' }]);
    expect(findUnpinned('docker run --rm -v "$PWD:/src" -e A=1 aquasec/trivy:0.69.3 fs /src')).toMatchObject([{ reference: 'aquasec/trivy:0.69.3' }]);
    expect(findUnpinned('docker run --rm \\\n  -v x:/y \\\n  nginx:1.27 \\\n  echo')).toMatchObject([{ line: 1, reference: 'nginx:1.27' }]);
    expect(findUnpinned('COPY --from=ghcr.io/acme/tools:1 /bin/x /x')).toMatchObject([{ reference: 'ghcr.io/acme/tools:1' }]);
    expect(findUnpinned('jobs:\n  a:\n    container: node:22\n')).toMatchObject([{ reference: 'node:22' }]);
    expect(findUnpinned('{ "image": "nginx:1.27" }')).toMatchObject([{ reference: 'nginx:1.27' }]);
    expect(findUnpinned('kubectl run debug --image=busybox:1.36 -it')).toMatchObject([{ reference: 'busybox:1.36' }]);
  });

  it('reads the GitLab form where the image name sits on the next line', () => {
    expect(findUnpinned('scan:\n  image:\n    name: aquasec/trivy:latest\n    entrypoint: [""]\n')).toMatchObject([{ line: 3, reference: 'aquasec/trivy:latest' }]);
  });

  it('passes images pinned by digest, stages, scratch and images named by a variable', () => {
    expect(findUnpinned(`image: foo:1.2@${digest}`)).toEqual([]);
    expect(findUnpinned(`FROM golang:1.24@${digest} AS build\nCOPY --from=build /app /app\nCOPY --from=0 /a /a\nFROM scratch\n`)).toEqual([]);
    expect(findUnpinned('image: ghcr.io/my-org/app:${{ github.sha }}\ndocker run --rm "$IMAGE" test')).toEqual([]);
    expect(imageProblem(`foo@sha256:${'a'.repeat(10)}`)).toMatch(/64 hex/);
  });

  it('fails an action given by tag, branch or placeholder, and passes a full commit SHA', () => {
    expect(findUnpinned('steps:\n  - uses: actions/checkout@v4\n')).toMatchObject([{ line: 2, kind: 'action', reference: 'actions/checkout@v4' }]);
    expect(actionProblem('actions/checkout@main')).toMatch(/not a full 40-character commit SHA/);
    expect(actionProblem('actions/checkout@<full-commit-hash>')).toBeDefined();
    expect(actionProblem('actions/checkout')).toMatch(/no version/);
    expect(actionProblem(`actions/checkout@${sha}`)).toBeUndefined();
    expect(findUnpinned(`      - uses: github/codeql-action/init@${sha} # v3.29.0`)).toEqual([]);
  });

  it('leaves local actions alone and checks docker:// actions as images', () => {
    expect(actionProblem('./.github/actions/setup')).toBeUndefined();
    expect(actionProblem('docker://alpine:3.22')).toMatch(/no digest/);
    expect(actionProblem(`docker://alpine:3.22@${digest}`)).toBeUndefined();
  });

  it('does not mistake look-ups or AMI ids for images', () => {
    expect(findUnpinned('docker buildx imagetools inspect alpine:3.22\naws ec2 run-instances --image-id ami-123\nimagePullPolicy: Always')).toEqual([]);
  });
});
