/**
 * Share links: a result file compressed into the URL fragment (`#r=<code>`), which browsers never
 * send to a server. The code is base64url of the deflate-raw bytes of the file's JSON, made with
 * the platform's CompressionStream (in browsers and Node alike), so no compression library ships.
 * Decoding stops reading past 1 MB, so a small link cannot unpack into something huge.
 */
import type { ResultFile } from './model.ts';
import { checkResultValue, maxResultBytes, type ParseResult } from './result-file.ts';
import { codeFromLink, decodeJsonCode, encodeJsonCode } from '../share/compressed-json.ts';

/** The fragment key of a share link. */
const shareKey = 'r';

/** The share code of a result: compressed, URL-safe, without padding. */
export async function encodeShareCode(file: ResultFile): Promise<string> {
  return encodeJsonCode(file);
}

const damaged = 'This share link is damaged: part of it may be missing or changed. Ask for the link again, or for the result file.';

/** Reads a share code back into a result; never throws. */
export async function decodeShareCode(code: string): Promise<ParseResult> {
  const read = await decodeJsonCode(code, maxResultBytes);
  if (!read.ok)
    return {
      ok: false,
      error: read.problem === 'too-big' ? 'This share link unpacks to more than 1 MB, more than any result holds. Ask for the result file instead.' : damaged,
    };
  const checked = checkResultValue(read.value);
  return checked.ok ? checked : { ok: false, error: checked.error.replace(/^This result file/, 'The result in this link').replace(/^This is not/, 'This link holds no') };
}

/** The code in a pasted link, fragment or bare code: `https://…/#r=CODE`, `#r=CODE` or `CODE`. */
export function shareCodeFrom(input: string): string {
  return codeFromLink(input, shareKey);
}
