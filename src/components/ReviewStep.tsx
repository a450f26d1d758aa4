/**
 * The transfer about to be submitted, shown from the very request the wizard
 * will send (`buildTransferRequest`, src/machines/transfer-request.ts).
 */
import React from 'react';
import type { TransferRequest } from '../api/types';
import { useGlobus } from './context';
import { syncLevelLabels } from './syncLevels';

export interface IReviewStepProps {
  request: TransferRequest;
  /** Display names of the two collections, by id. */
  names: Record<string, string>;
}

export function ReviewStep(props: IReviewStepProps): JSX.Element {
  const { trans } = useGlobus();
  const { request, names } = props;
  const name = (id: string) => names[id] ?? id;
  const yes = trans.__('yes');
  const no = trans.__('no');
  // Left out of the request means Globus's default, off for all of these.
  const flag = (value: boolean | undefined) => (value ? yes : no);
  const syncTexts = syncLevelLabels(trans);
  return (
    <div className="jp-Globus-review">
      <dl>
        <dt>{trans.__('From')}</dt>
        <dd>{name(request.source_endpoint)}</dd>
        <dt>{trans.__('To')}</dt>
        <dd>{name(request.destination_endpoint)}</dd>
        {request.label ? (
          <>
            <dt>{trans.__('Label')}</dt>
            <dd>{request.label}</dd>
          </>
        ) : null}
        <dt>{trans.__('Sync')}</dt>
        <dd>{syncTexts[request.sync_level ?? 'none']}</dd>
        <dt>{trans.__('Verify checksums')}</dt>
        <dd>{flag(request.verify_checksum)}</dd>
        <dt>{trans.__('Encrypt')}</dt>
        <dd>{flag(request.encrypt_data)}</dd>
        <dt>{trans.__('Preserve timestamps')}</dt>
        <dd>{flag(request.preserve_timestamp)}</dd>
        <dt>{trans.__('Delete extra destination files')}</dt>
        <dd>{flag(request.delete_destination_extra)}</dd>
        <dt>{trans.__('Skip source errors')}</dt>
        <dd>{flag(request.skip_source_errors)}</dd>
        <dt>{trans.__('Fail on quota errors')}</dt>
        <dd>{flag(request.fail_on_quota_errors)}</dd>
      </dl>
      <table className="jp-Globus-reviewItems">
        <caption>{trans._n('%1 item', '%1 items', request.DATA.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{trans.__('Source path')}</th>
            <th scope="col">{trans.__('Destination path')}</th>
          </tr>
        </thead>
        <tbody>
          {request.DATA.map(item => (
            <tr key={item.source_path}>
              <td>
                {item.source_path}
                {item.recursive ? ' ' + trans.__('(folder)') : ''}
              </td>
              <td>{item.destination_path}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
