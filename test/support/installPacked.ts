import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './paths.ts';

const run = promisify(execFile);

/** The paths inside the tarball. */
export type PackedFiles = readonly string[];

interface LockEntry {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>;
  readonly [field: string]: unknown;
}

interface Lock {
  readonly packages: Record<string, LockEntry>;
}

/**
 * Packs the checkout as `npm pack` would publish it (its `prepare` builds dist/) and installs the tarball into `project`
 * beside `extra` packages of the checkout's lock, without the network: the project gets a lock file naming exactly
 * the versions (and integrity hashes) this checkout's lock names, so `npm ci --offline` takes every tarball from the
 * npm cache that installing this checkout filled.
 */
export async function installPacked(project: string, extra: readonly string[]): Promise<PackedFiles> {
  const packed = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: ROOT });
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack said nothing useful: ${packed.stdout}`);
  const tarball = info.filename;
  const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    engines: Record<string, string>;
    bin: Record<string, string>;
    license: string;
  };
  const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;

  const packages: Record<string, LockEntry> = {};
  const wanted = [...Object.keys(manifest.dependencies), ...extra].map((name) => `node_modules/${name}`);
  while (wanted.length > 0) {
    const path = wanted.pop() ?? '';
    if (path in packages) continue;
    // The project depends on these directly: none is a dev dependency there.
    const entry: LockEntry = Object.fromEntries(
      Object.entries(lock.packages[path] ?? {}).filter(
        ([field]) => field !== 'dev' && field !== 'devOptional',
      ),
    );
    if (entry.version === undefined) throw new Error(`${path} is not in the checkout's lock file`);
    packages[path] = entry;
    const optionalPeers = Object.entries(entry.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional === true)
      .map(([name]) => name);
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeers.includes(name));
    for (const name of [...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }), ...peers]) {
      const found = resolveFrom(lock, path, name);
      if (found !== undefined) wanted.push(found);
    }
  }

  const extraVersions = Object.fromEntries(
    extra.map((name) => [name, packages[`node_modules/${name}`]?.version ?? '*']),
  );
  const dependencies = { [manifest.name]: `file:${tarball}`, ...extraVersions };
  const integrity = `sha512-${createHash('sha512')
    .update(await readFile(join(project, tarball)))
    .digest('base64')}`;
  const root = { name: 'packed-mockgram-user', version: '1.0.0', private: true, dependencies };
  await writeFile(join(project, 'package.json'), `${JSON.stringify({ ...root, type: 'module' }, null, 2)}\n`);
  await writeFile(
    join(project, 'package-lock.json'),
    `${JSON.stringify(
      {
        name: root.name,
        version: root.version,
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': root,
          [`node_modules/${manifest.name}`]: {
            version: manifest.version,
            resolved: `file:${tarball}`,
            integrity,
            license: manifest.license,
            dependencies: manifest.dependencies,
            bin: manifest.bin,
            engines: manifest.engines,
          },
          ...packages,
        },
      },
      null,
      2,
    )}\n`,
  );
  await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: project });
  return info.files.map((file) => file.path);
}

/** Where Node finds `name` from the package at `from`: its own node_modules, then each folder above. */
function resolveFrom(lock: Lock, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base}/node_modules/${name}`;
    if (candidate in lock.packages) return candidate;
    const up = base.lastIndexOf('/node_modules/');
    if (up < 0) break;
    base = base.slice(0, up);
  }
  const top = `node_modules/${name}`;
  return top in lock.packages ? top : undefined;
}
