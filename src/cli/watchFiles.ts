import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` (debounced) when any of `files` changes. Directories are watched rather than files, because
 * editors often save by writing a new file and renaming it over the old one.
 */
export function watchFiles(files: readonly string[], onChange: () => void, debounceMs = 150): () => void {
  const names = new Map<string, Set<string>>();
  for (const file of files) {
    const directory = dirname(file);
    names.set(directory, (names.get(directory) ?? new Set()).add(basename(file)));
  }
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [...names].map(([directory, wanted]) =>
    watch(directory, (_event, name) => {
      if (name !== null && !wanted.has(name)) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
