import { describe, expect, it } from 'vitest';
import { checkHclBlock } from '../../../../src/lib/content/snippets/hcl.ts';
import { parseJsonBlock } from '../../../../src/lib/content/snippets/json.ts';
import { parserFor } from '../../../../src/lib/content/snippets/languages.ts';
import { checkShellBlock, problemsFromBashOutput, scriptOf } from '../../../../src/lib/content/snippets/shell.ts';
import { parseYamlBlock } from '../../../../src/lib/content/snippets/yaml.ts';
import { bashN, bashNAll } from '../../../support/bash-syntax.ts';

describe('every fenced block parses', () => {
  it('picks the parser from the fence language', () => {
    expect(['json', 'json5', 'yml', 'console', 'tf', 'terraform', 'text'].map(parserFor)).toEqual(['json', 'json5', 'yaml', 'shell', 'hcl', 'hcl', undefined]);
  });

  it('fails JSON with a syntax error, naming the line, and passes good JSON', () => {
    const bad = parseJsonBlock('{\n  "a": 1,\n  "b": ...\n}');
    expect('problem' in bad && bad.problem).toMatchObject({ line: 3, message: expect.stringMatching(/not valid JSON/) });
    expect(parseJsonBlock('{"a": [1, 2]}')).toEqual({ value: { a: [1, 2] } });
  });

  it('reads JSON5 only when the fence says json5', () => {
    expect('problem' in parseJsonBlock('{a: 1, // note\n}')).toBe(true);
    expect(parseJsonBlock('{a: 1, // note\n}', true)).toEqual({ value: { a: 1 } });
    expect('problem' in parseJsonBlock('{a: ', true)).toBe(true);
  });

  it('fails YAML with a syntax error or a key written twice, and reads every document', () => {
    expect(parseYamlBlock('a: [1, 2\nb: 3\n').problems[0]?.message).toMatch(/not valid YAML/);
    expect(parseYamlBlock('a: 1\na: 2\n').problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/unique|duplicate/i) });
    const good = parseYamlBlock('a: 1\n---\nb: 2\n');
    expect(good).toEqual({ problems: [], documents: [{ value: { a: 1 }, line: 1 }, { value: { b: 2 }, line: 3 }] });
  });

  it('fails a shell block that bash -n rejects, and passes a good one', () => {
    const bad = checkShellBlock('if true; then\n  echo hi\n', 'bash', bashN);
    expect(bad[0]?.message).toMatch(/bash -n: syntax error/);
    expect(checkShellBlock('for f in *.txt; do\n  wc -l "$f"\ndone\n', 'sh', bashN)).toEqual([]);
    expect(checkShellBlock('echo <placeholder>', 'bash', bashN)).not.toEqual([]);
  });

  it('checks many shell blocks together and gives the same answers as one by one', () => {
    const scripts = ['echo ok', 'if then', 'for f in a; do echo "$f"; done', 'echo "unclosed', 'cat <<EOF\nno end', 'x=1', '}'];
    const many = bashNAll(scripts);
    expect(scripts.map((s) => many(s) === '')).toEqual(scripts.map((s) => bashN(s) === ''));
    expect(scripts.map((s) => many(s) === '')).toEqual([true, false, true, false, false, true, false]);
    expect(many('fi') === '').toBe(false);
  });

  it('reads only the commands of a console transcript', () => {
    expect(scriptOf('$ echo hi \\\n  there\nhi there\n$ ls', 'console')).toBe('echo hi \\\n  there\n\nls');
    expect(scriptOf('not (a command', 'bash')).toBe('not (a command');
    expect(problemsFromBashOutput("bash: line 2: syntax error near unexpected token `fi'\nbash: line 2: `fi'\n")).toEqual([{ line: 2, message: "bash -n: syntax error near unexpected token `fi'" }]);
    expect(problemsFromBashOutput('something odd\n')).toEqual([{ message: 'bash -n: something odd' }]);
  });

  it('fails HCL with a syntax error, naming the line, and passes good HCL', async () => {
    expect(await checkHclBlock('resource "aws_s3_bucket" "logs" {\n  bucket = \n}\n')).toMatchObject([{ line: 2, message: expect.stringMatching(/not valid HCL/) }]);
    expect(await checkHclBlock('resource "aws_s3_bucket" "logs" {\n  bucket = "my-logs"\n  tags = { team = "ops" }\n}\n')).toEqual([]);
  });
});
