// ESLint 9 flat config: typescript-eslint everywhere, JupyterLab's conventions on the extension.
import tseslint from 'typescript-eslint';
import jupyter from '@jupyter/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'lib/**',
      'dist/**',
      'labextension/**',
      'coverage/**',
      'test-output/**',
      '.e2e-run/**',
      '.demo/**',
      'harness/app/static*/**',
      'harness/app/build/**',
      '**/*.d.ts'
    ]
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ]
    }
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  // The extension follows JupyterLab's own rules (plugin/command ids, translation, signals).
  { plugins: jupyter.configs.recommended[0].plugins },
  { ...jupyter.configs.recommended[1], files: ['src/**/*.ts', 'src/**/*.tsx'] },
  jupyter.configs.recommended[2],
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'jupyter/no-untranslated-string': 'error',
      'jupyter/plugin-description': 'error',
      'jupyter/plugin-id-convention': 'error',
      'jupyter/command-id-convention': 'error'
    }
  },
  {
    // The design card: no `any` in the machines or the shim.
    files: ['src/machines/**', 'server-ts/**', 'sandbox/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' }
  }
);
