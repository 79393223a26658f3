// `export-credentials: true`: the first credentials as AWS_* variables for the job's later steps.
import * as core from '@actions/core';
import type { Identity } from './identity.js';

export function exportCredentials(identity: Identity, region: string): void {
  const { accessKeyId, secretAccessKey, sessionToken } = identity.credentials;
  core.exportVariable('AWS_ACCESS_KEY_ID', accessKeyId);
  core.exportVariable('AWS_SECRET_ACCESS_KEY', secretAccessKey);
  if (sessionToken) core.exportVariable('AWS_SESSION_TOKEN', sessionToken);
  core.exportVariable('AWS_REGION', region);
  core.exportVariable('AWS_DEFAULT_REGION', region);
  const expiry = identity.expiration ? ` They expire at ${identity.expiration.toISOString()} and are not renewed there.` : '';
  core.warning(
    `\`export-credentials\` is on: every later step of this job can read these AWS credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.${expiry}`,
  );
}
