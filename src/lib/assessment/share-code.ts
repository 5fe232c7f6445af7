/**
 * Share links: a result file compressed into the URL fragment (`#r=<code>`), which browsers never
 * send to a server. The code is base64url of the deflate-raw bytes of the file's JSON, made with
 * the platform's CompressionStream (in browsers and Node alike), so no compression library ships.
 * Decoding stops reading past 1 MB, so a small link cannot unpack into something huge.
 */
import type { ResultFile } from './model.ts';
import { checkResultValue, maxResultBytes, type ParseResult } from './result-file.ts';

/** The fragment key of a share link. */
export const shareKey = 'r';

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

/** The share code of a result: compressed, URL-safe, without padding. */
export async function encodeShareCode(file: ResultFile): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(file));
  const compressed = await collect(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')), Infinity);
  return toBase64Url(compressed!);
}

const damaged = 'This share link is damaged: part of it may be missing or changed. Ask for the link again, or for the result file.';

/** Reads a share code back into a result; never throws. */
export async function decodeShareCode(code: string): Promise<ParseResult> {
  const bytes = fromBase64Url(code.trim());
  if (!bytes || bytes.length === 0) return { ok: false, error: damaged };
  let json: Uint8Array | undefined;
  try {
    json = await collect(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')), maxResultBytes);
  } catch {
    return { ok: false, error: damaged };
  }
  if (!json) return { ok: false, error: 'This share link unpacks to more than 1 MB, more than any result holds. Ask for the result file instead.' };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return { ok: false, error: damaged };
  }
  const checked = checkResultValue(value);
  return checked.ok ? checked : { ok: false, error: checked.error.replace(/^This result file/, 'The result in this link').replace(/^This is not/, 'This link holds no') };
}

/** The code in a pasted link, fragment or bare code: `https://…/#r=CODE`, `#r=CODE` or `CODE`. */
export function shareCodeFrom(input: string): string {
  const trimmed = input.trim();
  const hash = trimmed.indexOf('#');
  const fragment = hash >= 0 ? trimmed.slice(hash + 1) : trimmed;
  const params = new URLSearchParams(fragment);
  return params.get(shareKey) ?? (fragment.startsWith(`${shareKey}=`) ? fragment.slice(shareKey.length + 1) : fragment);
}
