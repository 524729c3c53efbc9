import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The dashboard runs in the browser; tsc checks it against the DOM types (src/ui/tsconfig.json).
    files: ['src/ui/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'AbortController',
          'Element',
          'HTMLButtonElement',
          'HTMLDialogElement',
          'HTMLElement',
          'HTMLFormElement',
          'HTMLInputElement',
          'HTMLSelectElement',

          'TextDecoderStream',
          'URL',
          'URLSearchParams',
          'document',
          'fetch',
          'location',
          'performance',
          'requestAnimationFrame',
          'sessionStorage',
          'window',
          'setTimeout',
          'clearTimeout',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
);
