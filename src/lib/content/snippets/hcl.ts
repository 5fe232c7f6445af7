/**
 * HCL (Terraform) blocks must parse. The parser is `@cdktn/hcl2json`: HashiCorp's own Go HCL
 * library compiled to WebAssembly, kept up by the CDK Terrain project (the maintained
 * continuation of CDK for Terraform). Being the real parser, it accepts exactly what
 * `terraform` accepts at the syntax level; it does not know provider schemas, so a misspelt
 * argument inside a resource is not caught here (`terraform validate` would need the provider).
 */
import { parse } from '@cdktn/hcl2json';
import type { BlockProblem } from './languages.ts';

/** Parses an HCL block; returns the problems (none when it parses). */
export async function checkHclBlock(body: string): Promise<BlockProblem[]> {
  try {
    await parse('snippet.tf', body);
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // "parse config: [snippet.tf:2,6-3,1: Invalid expression; Expected …]"
    const found = [...message.matchAll(/snippet\.tf:(\d+),\d+(?:-\d+(?:,\d+)?)?: ([^\]]*?)(?=(?:, snippet\.tf:|\]|$))/g)];
    if (found.length === 0) return [{ message: `not valid HCL: ${message}` }];
    return found.map((m) => ({ line: Number(m[1]), message: `not valid HCL: ${m[2]!.trim()}` }));
  }
}
