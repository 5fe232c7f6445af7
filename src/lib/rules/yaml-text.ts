/**
 * YAML text that a YAML 1.1 reader and a YAML 1.2 reader take the same way.
 *
 * The tools that read our files do not agree on YAML: pySigma and sigma-cli load rules with PyYAML
 * (YAML 1.1), Alertmanager with Go's yaml.v2 (mostly 1.1), Falco with yaml-cpp (1.2), Plainsec
 * itself with the `yaml` package (1.2). Under 1.1, plain `No`, `on`, `1:20`, `2024-05-14`,
 * `1_000` or `017` are not text but false, true, 80, a date, 1000 and 15, and a plain `<<` or `=`
 * stops the file from loading. So every text that either reader would take for something else is
 * quoted, and every number is written in a form both read as that number.
 *
 * The `yaml` package's own `compat: 'yaml-1.1'` switch quotes a text that its YAML 1.1 schema
 * would read as a boolean (every spelling, y and n included), null, number (with `_`, in base 60,
 * octal, hex, binary, `.inf`, `.nan`), timestamp or merge key, on top of what YAML 1.2 reads so.
 * Two things it leaves alone are done here: the value key `=`, which it has no tag for, and a
 * number JavaScript writes with an exponent but no point (1e+21), which YAML 1.1 reads as text.
 */
import { Document, visit, type Tags } from 'yaml';

/** Where YAML 1.1 wants a point before the exponent of a float: `1e+21` becomes `1.0e+21`. */
const exponentWithoutPoint = /^([-+]?\d+)([eE])/;

/** The core schema's number tags, writing an exponent with a point in front of it. */
function numbersWithPoint(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || tag.format !== undefined || !('stringify' in tag) || !tag.stringify) return tag;
    if (tag.tag !== 'tag:yaml.org,2002:int' && tag.tag !== 'tag:yaml.org,2002:float') return tag;
    const write = tag.stringify;
    return { ...tag, stringify: (...args: Parameters<typeof write>) => write(...args).replace(exponentWithoutPoint, '$1.0$2') };
  });
}

/**
 * Plain data as YAML text that YAML 1.1 and 1.2 readers read the same, with an optional comment
 * above it (each line starts with `#`). Long lines are never folded.
 */
export function yamlText(value: unknown, options: { comment?: string } = {}): string {
  const doc = new Document(value, { compat: 'yaml-1.1', customTags: numbersWithPoint });
  visit(doc, {
    Scalar(_, node) {
      // YAML 1.1's value key; PyYAML cannot build it and stops.
      if (node.value === '=') node.type = 'QUOTE_DOUBLE';
    },
  });
  if (options.comment !== undefined) doc.commentBefore = options.comment;
  return doc.toString({ lineWidth: 0 });
}
