// The dashboard's files are served as written (plain ES modules, no bundling): the build copies them beside the
// compiled server, where `src/admin/uiRoutes.ts` looks for them (`dist/ui`).
import { cpSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const target = resolve(root, 'dist/ui');
rmSync(target, { recursive: true, force: true });
cpSync(resolve(root, 'src/ui'), target, {
  recursive: true,
  filter: (source) => !source.endsWith('tsconfig.json'),
});
