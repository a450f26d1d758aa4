/**
 * The page `bench/listing.ts` opens in Chromium: renders the real
 * RemoteListing with N generated entries and measures, in the browser:
 * - first screen: from the render call to the first frame after it (sorting,
 *   React commit, layout and paint of the visible rows);
 * - scroll: a scripted scroll through the list, one step per frame;
 * - fully ordered: until the whole folder is sorted (large folders show the
 *   first screen first);
 * - re-sort: clicking the Size column header, until the new order is complete.
 */
import { nullTranslator } from '@jupyterlab/translation';
import React, { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { FileDocument } from '../src/api/types';
import { RemoteListing } from '../src/components/listing/RemoteListing';

const trans = nullTranslator.load('bench');

function entries(count: number): FileDocument[] {
  const list: FileDocument[] = [];
  for (let i = 0; i < count; i++) {
    // Shuffled-looking names so the sort does real work.
    const key = ((i * 2654435761) >>> 0).toString(36);
    list.push({
      DATA_TYPE: 'file',
      name: i % 50 === 0 ? `folder_${key}` : `file_${key}_${i}.dat`,
      type: i % 50 === 0 ? 'dir' : 'file',
      size: (i * 7919) % 10_000_000,
      last_modified: `2026-0${1 + (i % 9)}-1${i % 10} 12:00:00+00:00`,
      permissions: '0644',
      user: 'u',
      group: 'g',
      link_target: null
    });
  }
  return list;
}

function Listing(props: { entries: FileDocument[] }) {
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <RemoteListing
      entries={props.entries}
      selected={selected}
      onSelectionChange={setSelected}
      onOpenFolder={() => undefined}
      trans={trans}
      label="bench"
    />
  );
}

const nextFrame = () =>
  new Promise<void>(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));

export interface IListingMeasure {
  count: number;
  firstScreenMs: number;
  fullyOrderedMs: number;
  renderedRows: number;
  scrollFrames: number;
  scrollMeanFrameMs: number;
  scrollMaxFrameMs: number;
  resortMs: number;
}

async function measure(count: number): Promise<IListingMeasure> {
  const data = entries(count);
  const host = document.createElement('div');
  host.style.cssText = 'width:900px;height:600px;display:flex;flex-direction:column';
  document.body.appendChild(host);
  const root = createRoot(host);
  await nextFrame();

  const start = performance.now();
  // Ask for the frame before rendering: its callback then runs ahead of any
  // work the component itself defers to that frame, and the timer it sets
  // fires right after the first screen was painted.
  const painted = nextFrame();
  flushSync(() => root.render(<Listing entries={data} />));
  await painted;
  const firstScreenMs = performance.now() - start;
  const body = host.querySelector('.jp-Globus-listingBody') as HTMLElement;
  // Large folders finish sorting after the first screen (RemoteListing's
  // progressive sort): time until the whole order is in place too.
  while (body.dataset.complete !== 'true') {
    await nextFrame();
  }
  const fullyOrderedMs = performance.now() - start;
  const renderedRows = host.querySelectorAll('[role="option"]').length;

  const frames: number[] = [];
  const steps = 120;
  const stride = Math.floor((body.scrollHeight - body.clientHeight) / steps);
  for (let step = 1; step <= steps; step++) {
    const before = performance.now();
    body.scrollTop = step * stride;
    await nextFrame();
    frames.push(performance.now() - before);
  }

  const resortStart = performance.now();
  (host.querySelectorAll('.jp-Globus-listingHeader button')[1] as HTMLElement).click();
  await nextFrame();
  while (body.dataset.complete !== 'true') {
    await nextFrame();
  }
  const resortMs = performance.now() - resortStart;

  root.unmount();
  host.remove();
  return {
    count,
    firstScreenMs,
    fullyOrderedMs,
    renderedRows,
    scrollFrames: frames.length,
    scrollMeanFrameMs: frames.reduce((a, b) => a + b, 0) / frames.length,
    scrollMaxFrameMs: Math.max(...frames),
    resortMs
  };
}

(window as unknown as { runListingBench: typeof measure }).runListingBench = measure;
