/**
 * JSON carried in a URL fragment: deflate-raw with the platform's CompressionStream (browsers and
 * Node alike, so no compression library ships), then base64url without padding. Fragments are
 * never sent to a server. Unpacking stops past a size limit, so a short link cannot unpack into
 * something huge. Used by the assessment's share links and the rule builder's.
 */

async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(code: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(code)) return undefined;
  try {
    const binary = atob(code.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** A value as a compressed, URL-safe code. */
export async function encodeJsonCode(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  const compressed = await collect(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')), Infinity);
  return toBase64Url(compressed!);
}

/** Why a code could not be read: damaged (changed or cut short) or unpacking past the limit. */
export type JsonCodeResult = { ok: true; value: unknown } | { ok: false; problem: 'damaged' | 'too-big' };

/** Reads a code back into a JSON value; never throws. */
export async function decodeJsonCode(code: string, limitBytes: number): Promise<JsonCodeResult> {
  const bytes = fromBase64Url(code.trim());
  if (!bytes || bytes.length === 0) return { ok: false, problem: 'damaged' };
  let json: Uint8Array | undefined;
  try {
    json = await collect(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')), limitBytes);
  } catch {
    return { ok: false, problem: 'damaged' };
  }
  if (!json) return { ok: false, problem: 'too-big' };
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)) };
  } catch {
    return { ok: false, problem: 'damaged' };
  }
}

/** The code in a pasted link, fragment or bare code: `https://…/#k=CODE`, `#k=CODE` or `CODE`. */
export function codeFromLink(input: string, key: string): string {
  const trimmed = input.trim();
  const hash = trimmed.indexOf('#');
  const fragment = hash >= 0 ? trimmed.slice(hash + 1) : trimmed;
  const params = new URLSearchParams(fragment);
  return params.get(key) ?? (fragment.startsWith(`${key}=`) ? fragment.slice(key.length + 1) : fragment);
}
