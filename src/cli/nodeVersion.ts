/** The oldest Node.js mockgram runs on; `engines.node` in package.json says the same (a test keeps them equal). */
export const REQUIRED_NODE = { major: 24, minor: 11 } as const;

/**
 * One line saying why this Node cannot run mockgram and what to do, or `undefined` when it can. The command line
 * checks this before loading anything else, so an old Node gets this line instead of an obscure failure.
 */
export function nodeVersionProblem(version: string = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > REQUIRED_NODE.major || (major === REQUIRED_NODE.major && minor >= REQUIRED_NODE.minor))
    return undefined;
  return (
    `mockgram needs Node ${REQUIRED_NODE.major}.${REQUIRED_NODE.minor} or newer; this is Node ${version}. ` +
    `Install Node ${REQUIRED_NODE.major} LTS, or add it to this project with ` +
    `\`npm install --save-dev node@${REQUIRED_NODE.major}\` (npx and npm scripts then run mockgram on it).`
  );
}
