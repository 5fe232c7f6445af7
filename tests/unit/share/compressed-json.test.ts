/**
 * The code inside a share link (the assessment's and the rule builder's): what a person pastes
 * back must be what was shared, or be refused in plain terms, never something else that looks valid.
 */
import { describe, expect, it } from 'vitest';
import { decodeJsonCode, encodeJsonCode } from '../../../src/lib/share/compressed-json.ts';

const value = {
  plainsecRules: 1,
  rules: [
    { id: 'root-account-used', title: 'The root account was used', means: 'Someone signed in as "root".\nNobody should.', notify: '#security-alerts' },
    { id: 'new-iam-user', title: 'A new IAM user was created', means: 'A person or a pipeline made a user.', notify: '#security-alerts' },
  ],
};

/** The same code with the character at `i` swapped for another base64url character. */
const changedAt = (code: string, i: number, to: string) => `${code.slice(0, i)}${to}${code.slice(i + 1)}`;

describe('a share code', () => {
  it('reads back exactly what was shared, quotes and newlines included', async () => {
    expect(await decodeJsonCode(await encodeJsonCode(value), 1 << 20)).toEqual({ ok: true, value });
  });

  it('with any one character changed, is refused as damaged or reads back the very same value', async () => {
    const code = await encodeJsonCode(value);
    let refused = 0;
    for (let i = 0; i < code.length; i++)
      for (const to of ['A', 'f', '-']) {
        if (code[i] === to) continue;
        const read = await decodeJsonCode(changedAt(code, i, to), 1 << 20);
        if (read.ok) expect(read.value, `changed at ${i} to ${to}`).toEqual(value);
        else refused++;
      }
    // Only the gzip header's time and system bytes (and the last character's spare bits) may change harmlessly.
    expect(refused).toBeGreaterThan(code.length * 2.5);
  });

  it('cut short anywhere, is refused', async () => {
    const code = await encodeJsonCode(value);
    for (let end = 1; end < code.length - 1; end++) expect((await decodeJsonCode(code.slice(0, end), 1 << 20)).ok, `cut at ${end}`).toBe(false);
  });

  it('made before links carried a checksum (bare deflate) still opens', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const packed = new Uint8Array(await new Response(stream).arrayBuffer());
    const old = Buffer.from(packed).toString('base64url');
    expect(await decodeJsonCode(old, 1 << 20)).toEqual({ ok: true, value });
  });

  it('that unpacks past the limit is refused as too big', async () => {
    const big = { text: 'a'.repeat(100_000) };
    expect(await decodeJsonCode(await encodeJsonCode(big), 10_000)).toEqual({ ok: false, problem: 'too-big' });
  });
});
