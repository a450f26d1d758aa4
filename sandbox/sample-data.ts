/** Seeds the collections' folders with small sample trees (only folders it creates). */
import fs from 'node:fs/promises';
import path from 'node:path';

type Tree = Record<string, string | Buffer>;

const TREES: Record<string, Tree> = {
  mapped: {
    'data/results.csv': 'run,value\n1,0.5\n2,0.75\n',
    'data/raw/sample-001.dat': Buffer.alloc(256 * 1024, 7),
    'data/README.md': '# Research data\n',
    'home/alice/notes.txt': 'mapped collection home\n',
    '.hidden-config': 'hidden\n'
  },
  project: {
    'shared/README.md': '# Shared project data\n',
    'shared/dataset/a.txt': 'alpha\n',
    'shared/dataset/b.txt': 'beta\n',
    'private/notes.txt': 'not shared\n'
  },
  ha: { 'secure/patients.csv': 'id,age\n1,42\n' },
  s3: { 'bucket/object.txt': 's3 object\n' },
  gcsv4: { 'old/readme.txt': 'legacy endpoint\n' },
  tutorial1: {
    'share/godata/file1.txt': 'Globus tutorial file 1\n',
    'share/godata/file2.txt': 'Globus tutorial file 2\n',
    'share/godata/file3.txt': 'Globus tutorial file 3\n',
    'home/readme.txt': 'tutorial home\n'
  },
  tutorial2: { 'home/.keep': '' },
  lab: { 'readme.txt': 'lab storage\n' }
};

const GCP_TREE: Tree = {
  'hello.txt': 'Hello from Globus Connect Personal\n',
  'notebooks/analysis.ipynb': '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
  'data/measurements.csv': 'x,y\n1,2\n3,4\n'
};

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

async function writeTree(root: string, tree: Tree): Promise<void> {
  for (const [rel, content] of Object.entries(tree)) {
    const file = path.join(root, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
}

/** Each collection folder under dataRoot is seeded only if it does not exist yet. */
export async function seedDataRoot(dataRoot: string): Promise<void> {
  await fs.mkdir(dataRoot, { recursive: true });
  for (const [name, tree] of Object.entries(TREES)) {
    const dir = path.join(dataRoot, name);
    if (await exists(dir)) continue;
    await writeTree(dir, tree);
  }
}

export async function seedGcpRoot(gcpRoot: string): Promise<void> {
  await writeTree(gcpRoot, GCP_TREE);
}
