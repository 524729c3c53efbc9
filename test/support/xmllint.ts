import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT } from './paths.ts';

/** The JUnit schema the reports must satisfy (the Jenkins/Ant format, written for this repository). */
export const JUNIT_XSD = resolve(ROOT, 'test/schemas/junit.xsd');

export interface SchemaCheck {
  readonly valid: boolean;
  /** What xmllint said: `- validates`, or each violation with its line. */
  readonly output: string;
}

/** Validates an XML document against an XSD with libxml2's xmllint (installed by .ci/run from libxml2-utils). */
export function validateXml(xml: string, xsd: string = JUNIT_XSD): SchemaCheck {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, '-'], {
    input: xml,
    encoding: 'utf8',
  });
  if (run.error)
    throw new Error(
      `xmllint could not run (${run.error.message}): install Debian's libxml2-utils, as bash .ci/run does`,
    );
  return { valid: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}
