// The XML of AWS's Query protocol (STS): result documents and ErrorResponse.
import type { AwsError } from './types.js';

export interface XmlTree {
  readonly [element: string]: string | number | XmlTree | undefined;
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function renderTree(tree: XmlTree): string {
  return Object.entries(tree)
    .filter((entry): entry is [string, string | number | XmlTree] => entry[1] !== undefined)
    .map(([name, value]) => `<${name}>${typeof value === 'object' ? renderTree(value) : escapeXml(String(value))}</${name}>`)
    .join('');
}

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata><RequestId>…` */
export function renderQueryResult(action: string, result: XmlTree, requestId: string): string {
  return (
    `<${action}Response xmlns="${STS_XMLNS}">\n` +
    `  <${action}Result>${renderTree(result)}</${action}Result>\n` +
    `  <ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>\n` +
    `</${action}Response>\n`
  );
}

export function renderQueryError(error: AwsError, requestId: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<ErrorResponse xmlns="${STS_XMLNS}">\n` +
    `  <Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>\n` +
    `  <RequestId>${requestId}</RequestId>\n` +
    `</ErrorResponse>\n`
  );
}
