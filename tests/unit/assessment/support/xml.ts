import { DOMParser, type Document } from '@xmldom/xmldom';

/** Parses text as strict XML (any warning or error throws), as an SVG viewer would have to. */
export function parseXml(text: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  });
  return parser.parseFromString(text, 'image/svg+xml');
}
