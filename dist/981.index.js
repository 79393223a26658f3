export const id = 981;
export const ids = [981];
export const modules = {

/***/ 4290:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ nameOf),
/* harmony export */   z: () => (/* binding */ codeDeployNames)
/* harmony export */ });
/** The name at the end of an ARN (`…:cluster/prod`, `…:service/prod/my-app`), or the name itself. */
const nameOf = (reference) => reference.startsWith('arn:') ? (reference.split('/').at(-1) ?? reference) : reference;
function codeDeployNames(config, cluster, service) {
    if (config.application !== undefined && config.deploymentGroup !== undefined)
        return { application: config.application, deploymentGroup: config.deploymentGroup, byConvention: false };
    const suffix = `${nameOf(cluster)}-${nameOf(service)}`;
    return { application: `AppECS-${suffix}`, deploymentGroup: `DgpECS-${suffix}`, byConvention: true };
}


/***/ }),

/***/ 4461:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ CodeDeployStartError)
/* harmony export */ });
class CodeDeployStartError extends Error {
    operation;
    constructor(operation, message, options) {
        super(message, options);
        this.operation = operation;
        this.name = 'CodeDeployStartError';
    }
}


/***/ }),

/***/ 1981:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deploy: () => (/* binding */ deploy),
  establish: () => (/* binding */ establish)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(3360);
;// CONCATENATED MODULE: ./src/shared/collections.ts
// Indexing that states its assumption: the index comes from the same list, so a miss is a bug here.
function collections_itemAt(items, index) {
    if (index < 0 || index >= items.length)
        throw new Error(`internal error: index ${index} outside a list of ${items.length}`);
    return items[index];
}

// EXTERNAL MODULE: ./src/shared/aws-clients.ts
var aws_clients = __webpack_require__(9085);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var dist_cjs = __webpack_require__(1695);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(6001);
// EXTERNAL MODULE: ./src/shared/retry.ts
var retry = __webpack_require__(3091);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var submodules_retry = __webpack_require__(3609);
;// CONCATENATED MODULE: ./src/auth/sts-errors.ts
// What an STS failure means for us: worth another try, or a fact about the user's setup to explain.
// Pure: reads only the fields the SDK puts on its errors (name, message, $metadata, $fault, $retryable, code).


/**
 * Failures that a later identical call can get past. The SDK's standard strategy decides the common
 * cases (throttling, 500/502/503/504, timeouts and dropped connections, and IDPCommunicationError,
 * which STS models as `$retryable`); we add what it lacks (a verification key STS could not fetch,
 * any other 5xx) and refuse what it would retry in vain: a refusal, or a host DNS does not know.
 */
function isTransientStsError(error) {
    if (!isSdkError(error) || isAccessDenied(error) || isUnknownHost(error))
        return false;
    return (0,submodules_retry.isThrottlingError)(error) || (0,submodules_retry.isTransientError)(error) || (0,errors/* isServerError */.GQ)(error) || isIssuerUnreachable(error);
}
/** STS could not reach GitHub's issuer or fetch its keys (JWKS) this time; the token itself is fine. */
function isIssuerUnreachable(error) {
    const code = (0,errors/* awsErrorCode */.J6)(error);
    if (code === 'IDPCommunicationError')
        return true;
    return code === 'InvalidIdentityToken' && /couldn['’]?t retrieve verification key/i.test((0,errors/* errorMessage */.gJ)(error));
}
/** A refusal: a trust policy that does not accept the caller must fail at once, not after a minute of retries. */
function isAccessDenied(error) {
    return (0,errors/* awsErrorCode */.J6)(error) === 'AccessDenied';
}
/** The default credential chain found nothing (the SDK's CredentialsProviderError or its message). */
function isMissingCredentials(error) {
    return (0,errors/* errorField */.LI)(error, 'name') === 'CredentialsProviderError' || /could not load credentials/i.test((0,errors/* errorMessage */.gJ)(error));
}
/** DNS knows no such host: a wrong region or AWS_ENDPOINT_URL_STS, which no retry fixes (the SDK would retry it). */
function isUnknownHost(error) {
    if ((0,errors/* errorField */.LI)(error, 'code') === 'ENOTFOUND')
        return true;
    const cause = (0,errors/* errorField */.LI)(error, 'cause');
    return cause !== undefined && cause !== error && isUnknownHost(cause);
}
/**
 * The SDK's classifiers read only optional fields, so any object will do. Not `instanceof Error`:
 * Node's socket errors may come from another realm (as under jest's VM modules).
 */
function isSdkError(error) {
    return typeof error === 'object' && error !== null;
}

;// CONCATENATED MODULE: ./src/auth/trust-diagnosis.ts
const DEFAULT_PROVIDER_HOST = 'token.actions.githubusercontent.com';
/** The date from which GitHub issues the immutable `sub` format to newly created repositories. */
const IMMUTABLE_SUB_SINCE = '2026-07-15';
const CLASSIC_SUB = /^repo:([^/@:]+)\/([^/@:]+):(.+)$/;
const IMMUTABLE_SUB = /^repo:([^/@:]+)@(\d+)\/([^/@:]+)@(\d+):(.+)$/;
function parseSubject(sub) {
    const immutable = IMMUTABLE_SUB.exec(sub);
    if (immutable) {
        const [, owner, ownerId, repository, repositoryId, rest = ''] = immutable;
        return { format: 'immutable', owner, ownerId, repository, repositoryId, rest, context: contextOf(rest) };
    }
    const classic = CLASSIC_SUB.exec(sub);
    if (classic) {
        const [, owner, repository, rest = ''] = classic;
        return { format: 'classic', owner, repository, rest, context: contextOf(rest) };
    }
    return { format: 'custom', context: 'other' };
}
function contextOf(rest) {
    if (rest.startsWith('ref:'))
        return 'ref';
    if (rest.startsWith('environment:'))
        return 'environment';
    if (rest === 'pull_request')
        return 'pull_request';
    return 'other';
}
/** The token's issuer URL, as the IAM OIDC provider must name it. */
function issuerUrl(claims) {
    return claims.iss === undefined || claims.iss === '' ? `https://${DEFAULT_PROVIDER_HOST}` : claims.iss.replace(/\/$/, '');
}
/** `token.actions.githubusercontent.com` (or the enterprise issuer) as IAM names it in condition keys. */
function providerHost(claims) {
    if (claims.iss === undefined || claims.iss === '')
        return DEFAULT_PROVIDER_HOST;
    return claims.iss.replace(/^https?:\/\//, '').replace(/\/$/, '');
}
function accountOfArn(arn) {
    return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
}
/** `arn:aws:sts::A:assumed-role/NAME/SESSION` → `arn:aws:iam::A:role/NAME` (the role's path is not in a session ARN). */
function roleArnOfSession(sessionArn) {
    const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(sessionArn);
    if (!match)
        return undefined;
    const [, partition, account, role] = match;
    return `arn:${partition}:iam::${account}:role/${role}`;
}
/** A trust policy statement that accepts exactly this token for `roleArn`. */
function webIdentityTrustStatement(roleArn, claims, audience) {
    const host = providerHost(claims);
    const partition = /^arn:([^:]+):/.exec(roleArn)?.[1] ?? 'aws';
    const account = accountOfArn(roleArn) ?? 'ACCOUNT_ID';
    const statement = {
        Effect: 'Allow',
        Principal: { Federated: `arn:${partition}:iam::${account}:oidc-provider/${host}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
            StringEquals: {
                [`${host}:aud`]: tokenAudience(claims, audience),
                [`${host}:sub`]: claims.sub ?? 'SUB_FROM_YOUR_TOKEN',
            },
        },
    };
    return JSON.stringify(statement, null, 2);
}
/** What the `sub` format means for a trust policy, when it is a common trap. */
function subjectNotes(sub, claims) {
    if (sub === undefined)
        return ['The token has no `sub` claim, so no `:sub` condition can match it.'];
    const parsed = parseSubject(sub);
    const notes = [];
    if (parsed.format === 'immutable') {
        notes.push(`This \`sub\` uses GitHub's immutable format \`repo:OWNER@OWNER_ID/REPO@REPO_ID:…\` (issued for repositories created on or after ${IMMUTABLE_SUB_SINCE}); ` +
            `trust policies written from older examples as \`repo:${parsed.owner}/${parsed.repository}:…\` no longer match it: ` +
            `write \`repo:${parsed.owner}@${parsed.ownerId}/${parsed.repository}@${parsed.repositoryId}:…\` instead.`);
    }
    else if (parsed.format === 'custom') {
        notes.push('This `sub` follows a customized subject template of the organization or repository: match it exactly as shown.');
    }
    if (parsed.context === 'environment') {
        const environment = claims.environment ?? parsed.rest?.slice('environment:'.length);
        notes.push(`The job runs in the environment \`${environment}\`, so the \`sub\` names the environment instead of the branch: a condition on \`…:ref:refs/heads/…\` does not match it.`);
    }
    else if (parsed.context === 'pull_request') {
        notes.push('Pull request runs get a `sub` ending in `:pull_request`, without a branch: a condition on `…:ref:refs/heads/…` does not match it.');
    }
    return notes;
}
function webIdentityFailureKind(failure) {
    const { code, message } = failure;
    if (code === 'AccessDenied')
        return 'trust-policy';
    if (code === 'InvalidIdentityToken' && /audience/i.test(message))
        return 'audience';
    if (code === 'InvalidIdentityToken' && /no openid ?connect provider/i.test(message))
        return 'provider-missing';
    if (code === 'InvalidIdentityToken' && /thumbprint/i.test(message))
        return 'thumbprint';
    if (code === 'ExpiredToken')
        return 'token-expired';
    if (code === 'InvalidIdentityToken' || code === 'IDPRejectedClaim')
        return 'token-refused';
    if (code === 'ValidationError' && /DurationSeconds|MaxSessionDuration/i.test(message))
        return 'session-length';
    return 'other';
}
function diagnoseWebIdentityFailure(facts) {
    const { failure, roleArn, claims, audience } = facts;
    const tokenFacts = [`token sub: ${claims.sub ?? '(none)'}`, `token aud: ${tokenAudience(claims, audience)}`];
    // The annotation is the first line alone: it carries the claims, so the answer is on the run's page.
    const tokenClaims = `token sub ${claims.sub ?? '(none)'}, aud ${tokenAudience(claims, audience)}`;
    const account = accountOfArn(roleArn) ?? 'the role’s account';
    const host = providerHost(claims);
    const issuer = issuerUrl(claims);
    const kind = webIdentityFailureKind(failure);
    if (kind === 'trust-policy') {
        return lines(`Not authorized to perform sts:AssumeRoleWithWebIdentity on ${roleArn}: the role's trust policy does not accept this token's claims (usually its \`sub\` condition): ${tokenClaims}; see the log for a statement that accepts it.`, ...tokenFacts, ...subjectNotes(claims.sub, claims), 'A trust policy statement that accepts this token:', webIdentityTrustStatement(roleArn, claims, audience));
    }
    if (kind === 'audience') {
        return lines(`AWS rejected the token's audience "${tokenAudience(claims, audience)}" for ${roleArn} (${failure.message}): the \`audience\` input ("${audience}") must be in the client ID list (audiences) of the IAM OIDC provider ${host} in account ${account}, and in the trust policy's \`${host}:aud\` condition (the usual value is sts.amazonaws.com).`, ...tokenFacts);
    }
    if (kind === 'provider-missing') {
        return lines(`Account ${account} has no IAM OIDC identity provider for ${issuer} (${failure.message}): create one with that URL and the client ID (audience) "${audience}", then trust it in ${roleArn}.`, ...tokenFacts);
    }
    if (kind === 'thumbprint') {
        return lines(`The IAM OIDC provider ${issuer} in account ${account} has a thumbprint list that does not match the issuer's certificate (${failure.message}): update the provider's thumbprints to the certificate ${issuer} serves now, then run the job again for ${roleArn}.`, ...tokenFacts);
    }
    if (kind === 'token-expired') {
        const expiry = claims.exp === undefined
            ? 'its expiry is unknown'
            : `it expired at ${new Date(claims.exp * 1000).toISOString()}, the runner's clock says ${new Date(facts.nowMs).toISOString()}`;
        return lines(`The GitHub OIDC token had expired when STS received it (${expiry}): the call came too late after the token was issued, or the runner's clock is wrong (${failure.message}).`, ...tokenFacts);
    }
    if (kind === 'token-refused') {
        return lines(`AWS refused the GitHub OIDC token for ${roleArn} (${failure.code}: ${failure.message}): check that the IAM OIDC provider in account ${account} is for ${issuer} and lists the audience "${audience}".`, ...tokenFacts);
    }
    if (kind === 'session-length') {
        return `STS refused the session length for ${roleArn} (${failure.message}): lower \`role-duration-seconds\` (now ${facts.roleDurationSeconds}) or raise the role's maximum session duration.`;
    }
    return `STS AssumeRoleWithWebIdentity on ${roleArn} failed (${failure.code || 'error'}: ${failure.message}).`;
}
function diagnoseChainHopFailure(facts) {
    const { failure, hop, hops, roleArn, callerArn } = facts;
    const where = `role-chain hop ${hop} of ${hops}`;
    if (failure.code === 'AccessDenied' && /no identity-based policy allows/i.test(failure.message)) {
        // The caller's own permission policy refused before the trust policy was read: the statement to add
        // to it is printed after this diagnosis (shared/access-denied.ts).
        const caller = facts.callerRoleArn ?? roleArnOfSession(callerArn) ?? callerArn;
        return `Not authorized to perform sts:AssumeRole on ${roleArn} (${where}, as ${callerArn}): the permission policy of ${caller} does not allow sts:AssumeRole on it.`;
    }
    if (failure.code === 'AccessDenied') {
        const principal = facts.callerRoleArn ?? roleArnOfSession(callerArn) ?? callerArn;
        const statement = { Effect: 'Allow', Principal: { AWS: principal }, Action: ['sts:AssumeRole', 'sts:TagSession'] };
        return lines(`Not authorized to perform sts:AssumeRole on ${roleArn} (${where}, as ${callerArn}): the target role's trust policy must allow the previous role, and that role's permissions must allow sts:AssumeRole and sts:TagSession on ${roleArn}.`, `Trust policy statement the target role needs (sts:TagSession lets this action tag the session so CloudTrail can tell runs apart):`, JSON.stringify(statement, null, 2));
    }
    if (failure.code === 'ValidationError' && /DurationSeconds|MaxSessionDuration/i.test(failure.message)) {
        return `STS refused the session length for ${roleArn} (${where}; ${failure.message}): chained roles get at most 3600 seconds, and this one was asked for ${facts.requestedDurationSeconds}; raise the role's maximum session duration or lower \`role-duration-seconds\`.`;
    }
    return `STS AssumeRole on ${roleArn} failed (${where}, as ${callerArn}; ${failure.code || 'error'}: ${failure.message}).`;
}
function tokenAudience(claims, fallback) {
    if (claims.aud === undefined)
        return fallback;
    return typeof claims.aud === 'string' ? claims.aud : claims.aud.join(', ');
}
function lines(...parts) {
    return parts.join('\n');
}

;// CONCATENATED MODULE: ./src/auth/credentials-error.ts




class CredentialsError extends Error {
    failureCause;
    constructor(message, cause, 
    /** Which refusal this is, when known: the `Next:` advice follows it. */
    failureCause) {
        super(message, cause === undefined ? undefined : { cause });
        this.failureCause = failureCause;
        this.name = 'CredentialsError';
    }
}
function webIdentityFailure(error, context) {
    if (error instanceof CredentialsError)
        return error;
    const failure = stsFailureOf(error);
    if (error instanceof retry/* RetryExhaustedError */.aB && isIssuerUnreachable((0,retry/* rootError */.hs)(error))) {
        const diagnosis = `STS could not reach GitHub's OIDC issuer ${issuerUrl(context.claims)} to verify the token for ${context.roleArn} (${failure.message}); this is on AWS's or GitHub's side, run the job again later.`;
        return new CredentialsError(withAttempts(diagnosis, error), error, 'issuer-unreachable');
    }
    const kind = webIdentityFailureKind(failure);
    return new CredentialsError(withAttempts(diagnoseWebIdentityFailure({ failure, ...context }), error), error, kind === 'other' ? undefined : kind);
}
function chainHopFailure(error, facts) {
    if (error instanceof CredentialsError)
        return error;
    const failure = stsFailureOf(error);
    const kind = webIdentityFailureKind(failure);
    const cause = kind === 'trust-policy' ? 'chain-trust' : kind === 'session-length' ? kind : undefined;
    return new CredentialsError(withAttempts(diagnoseChainHopFailure({ failure, ...facts }), error), error, cause);
}
function callerIdentityFailure(error) {
    return new CredentialsError(`Checking the AWS credentials present in the environment failed (STS GetCallerIdentity: ${(0,errors/* describeAwsError */.Pp)((0,retry/* rootError */.hs)(error))}).`, error);
}
const NO_CREDENTIALS_MESSAGE = 'No AWS credentials: `role-to-assume` is empty and none were found in the environment; set `role-to-assume` to the ARN of a role that trusts GitHub OIDC and add `permissions: id-token: write` to the job.';
/** Appends "(gave up after N attempts in X s)" to the first line when the retries ran out. */
function withAttempts(diagnosis, error) {
    if (!(error instanceof retry/* RetryExhaustedError */.aB))
        return diagnosis;
    const [firstLine = '', ...rest] = diagnosis.split('\n');
    return [`${firstLine} (gave up after ${error.attempts} attempts in ${(error.elapsedMs / 1000).toFixed(1)} s)`, ...rest].join('\n');
}
function stsFailureOf(error) {
    const root = (0,retry/* rootError */.hs)(error);
    return { code: (0,errors/* awsErrorCode */.J6)(root), message: (0,errors/* errorMessage */.gJ)(root) };
}

;// CONCATENATED MODULE: ./src/auth/identity.ts
// The credentials one STS answer (or the environment) gave us, masked before anything else sees them.


/** Masks the new secrets first, then checks that STS gave everything a session needs. */
function acceptCredentials(credentials, arn, operation, obtainedAt) {
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = credentials ?? {};
    for (const secret of [SecretAccessKey, SessionToken, AccessKeyId]) {
        if (secret)
            core.setSecret(secret);
    }
    if (!AccessKeyId || !SecretAccessKey) {
        throw new CredentialsError(`STS ${operation} answered without credentials.`);
    }
    if (!arn)
        throw new CredentialsError(`STS ${operation} answered without the caller's ARN.`);
    return {
        credentials: {
            accessKeyId: AccessKeyId,
            secretAccessKey: SecretAccessKey,
            ...(SessionToken && { sessionToken: SessionToken }),
            ...(Expiration && { expiration: Expiration }),
        },
        arn,
        expiration: Expiration,
        obtainedAt,
    };
}
/** The SDK's credential shape as STS words it, so ambient credentials pass the same gate. */
function toStsCredentials(identity) {
    return {
        AccessKeyId: identity.accessKeyId,
        SecretAccessKey: identity.secretAccessKey,
        SessionToken: identity.sessionToken,
        Expiration: identity.expiration,
    };
}
function expiryText(identity) {
    return identity.expiration ? `; expires at ${identity.expiration.toISOString()}, renewed automatically before then` : '';
}

// EXTERNAL MODULE: ./src/shared/proxy-agent.ts
var proxy_agent = __webpack_require__(9541);
;// CONCATENATED MODULE: ./src/auth/sts-client.ts
// One STS client per operation. Its retries are the SDK's own (the retry middleware resends, and the
// SDK classifies what is transient), driven by the project's one backoff scheme, so an issuer that is
// unreachable for most of a minute is ridden out and each retry is logged.






/** Attempts and time for one STS call: about a minute, the usual length of an issuer's hiccup. */
const STS_RETRY = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 15_000, totalBudgetMs: 60_000 };
function connectSts(context, options) {
    const retryStrategy = new retry/* SdkRetryStrategy */.A0(stsRetryPolicy(options.operation, context));
    // No endpoint: AWS_ENDPOINT_URL(_STS) still applies.
    const client = context.createClient({
        region: options.region,
        customUserAgent: aws_clients/* USER_AGENT */._O,
        // The strategy decides; maxAttempts only tells STS "attempt n of 8" in the amz-sdk-request header.
        maxAttempts: STS_RETRY.maxAttempts,
        retryStrategy,
        ...(context.proxy && (0,proxy_agent/* requestHandlerOption */.N)(context.proxy)),
        ...(options.credentials && { credentials: options.credentials }),
    });
    return {
        client,
        call: (send) => retryStrategy.call(() => send(client)),
        destroy: () => client.destroy(),
    };
}
function stsRetryPolicy(operation, context) {
    return {
        ...STS_RETRY,
        now: context.now,
        ...(context.sleep && { sleep: context.sleep }),
        ...(context.random && { random: context.random }),
        jitter: 'full',
        isRetryable: isTransientStsError,
        onRetry: (error, attempt, delayMs) => core.info(`STS ${operation} failed (${(0,errors/* describeAwsError */.Pp)(error)}); retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${STS_RETRY.maxAttempts}).`),
    };
}

;// CONCATENATED MODULE: ./src/auth/ambient-identity.ts
// Without `role-to-assume`: the credentials already in the environment, found by the STS client's own
// default chain (environment variables, shared files, container or instance roles), and whose they are.







class AmbientIdentity {
    region;
    sts;
    provider;
    arn;
    constructor(region, sts) {
        this.region = region;
        this.sts = sts;
    }
    async get(first) {
        if (!first && this.provider && this.arn !== undefined) {
            // Renewal: the default chain refreshes by itself; only the chain on top needs assuming again.
            return acceptCredentials(toStsCredentials(await this.provider()), this.arn, 'environment', this.sts.now());
        }
        const connection = connectSts(this.sts, { region: this.region, operation: 'GetCallerIdentity' });
        try {
            const provider = (this.provider ??= () => connection.client.config.credentials());
            const caller = await connection.call((client) => client.send(new dist_cjs/* GetCallerIdentityCommand */.zI({})));
            const identity = acceptCredentials(toStsCredentials(await provider()), caller.Arn, 'GetCallerIdentity', this.sts.now());
            this.arn = identity.arn;
            core.info(`Using AWS credentials already present in the environment (${identity.arn}).`);
            return identity;
        }
        catch (error) {
            if (error instanceof CredentialsError)
                throw error;
            if (isMissingCredentials((0,retry/* rootError */.hs)(error)))
                throw new CredentialsError(NO_CREDENTIALS_MESSAGE, error, 'no-credentials');
            throw callerIdentityFailure(error);
        }
        finally {
            // The provider outlives the client: it loads credentials with its own connections.
            connection.destroy();
        }
    }
}

;// CONCATENATED MODULE: ./src/auth/export-credentials.ts
// `export-credentials: true`: the first credentials as AWS_* variables for the job's later steps.

function exportCredentials(identity, region) {
    const { accessKeyId, secretAccessKey, sessionToken } = identity.credentials;
    core.exportVariable('AWS_ACCESS_KEY_ID', accessKeyId);
    core.exportVariable('AWS_SECRET_ACCESS_KEY', secretAccessKey);
    if (sessionToken)
        core.exportVariable('AWS_SESSION_TOKEN', sessionToken);
    core.exportVariable('AWS_REGION', region);
    core.exportVariable('AWS_DEFAULT_REGION', region);
    const expiry = identity.expiration ? ` They expire at ${identity.expiration.toISOString()} and are not renewed there.` : '';
    core.warning(`\`export-credentials\` is on: every later step of this job can read these AWS credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.${expiry}`);
}

// EXTERNAL MODULE: ./src/auth/oidc-token.ts
var oidc_token = __webpack_require__(7101);
;// CONCATENATED MODULE: ./src/auth/refresh-timing.ts
// When credentials are renewed. Pure: expiry, when they were obtained and the clock in, a yes or no out.
/** Renew this long before expiry; more than the SDK's own 5-minute window, so it never reuses dying credentials. */
const REFRESH_MARGIN_MS = 10 * 60 * 1000;
/** After a failed renewal, how long the still-valid credentials are used before the next attempt. */
const RENEWAL_RETRY_MS = 60_000;
/** Within the margin of expiry; short sessions (under 20 minutes) renew halfway through their life. */
function needsRefresh(identity, nowMs) {
    if (identity.expiration === undefined)
        return false;
    const lifetime = identity.expiration.getTime() - identity.obtainedAt;
    const margin = Math.min(REFRESH_MARGIN_MS, lifetime / 2);
    return identity.expiration.getTime() - nowMs <= margin;
}

;// CONCATENATED MODULE: ./src/auth/refreshing-provider.ts
// The credential provider every SDK client takes: the current identity while it is fresh, a renewed
// one near expiry. A deployment wait longer than one session simply gets new credentials.


/** `renew` gets a whole new identity (new OIDC token, assume again, chain again). */
function refreshingProvider(first, renew, now) {
    let current = first;
    let renewal;
    let nextRenewalAt = 0;
    return async () => {
        if (!needsRefresh(current, now()) || now() < nextRenewalAt)
            return current.credentials;
        // Concurrent SDK calls near expiry share one renewal instead of each assuming the roles again.
        renewal ??= renew().finally(() => {
            renewal = undefined;
        });
        try {
            current = await renewal;
        }
        catch (error) {
            // Renewal starts well before expiry: while the current credentials still work, a failed renewal
            // must not end a healthy deployment watch. Try again later; fail only once they have expired.
            const expiresAt = current.expiration?.getTime() ?? 0;
            if (expiresAt <= now())
                throw error;
            nextRenewalAt = now() + RENEWAL_RETRY_MS;
            core.warning(`Could not renew the AWS credentials (${firstLineOf(error)}); ` +
                `using the current ones until ${new Date(expiresAt).toISOString()} and trying again in ${RENEWAL_RETRY_MS / 1000} s.`);
        }
        return current.credentials;
    };
}
/** Diagnoses run over several lines (claims, a policy statement); the warning keeps to the first. */
function firstLineOf(error) {
    return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

;// CONCATENATED MODULE: ./src/auth/role-chain.ts
// `role-chain`: each role assumed in turn with the previous session's credentials (STS AssumeRole),
// the sessions tagged with the run when the trust policies allow it.






/** AWS caps sessions reached by role chaining at one hour. */
const CHAINED_ROLE_MAX_SECONDS = 3600;
class RoleChain {
    settings;
    tags;
    sts;
    /** Hops whose trust policy refused sts:TagSession: assumed untagged from then on, renewals included. */
    untaggedHops = new Set();
    constructor(settings, tags, sts) {
        this.settings = settings;
        this.tags = tags;
        this.sts = sts;
    }
    /** The identity at the end of the chain (`start` itself when there is none); `first` logs each hop. */
    async assumeAll(start, first) {
        const chain = this.settings.roleChain;
        let identity = start;
        for (const [index, roleArn] of chain.entries()) {
            const callerRoleArn = index === 0 ? this.settings.roleToAssume || undefined : chain[index - 1];
            identity = await this.assumeHop(identity, roleArn, index + 1, callerRoleArn, first);
        }
        return identity;
    }
    async assumeHop(previous, roleArn, hop, callerRoleArn, first) {
        const connection = connectSts(this.sts, {
            region: this.settings.region,
            operation: `AssumeRole (role-chain hop ${hop})`,
            credentials: previous.credentials,
        });
        const hops = this.settings.roleChain.length;
        const durationSeconds = Math.min(this.settings.roleDurationSeconds, CHAINED_ROLE_MAX_SECONDS);
        const tags = this.untaggedHops.has(hop) ? [] : this.tags;
        const assume = (withTags) => connection.call((client) => client.send(new dist_cjs/* AssumeRoleCommand */.QL({
            RoleArn: roleArn,
            RoleSessionName: this.settings.roleSessionName,
            DurationSeconds: durationSeconds,
            ...(withTags.length > 0 && { Tags: [...withTags] }),
        })));
        try {
            let response;
            try {
                response = await assume(tags);
            }
            catch (error) {
                if (tags.length === 0 || !isAccessDenied(error))
                    throw error;
                // A trust policy without sts:TagSession refuses tagged sessions only; an untagged one still deploys.
                response = await assume([]);
                this.untaggedHops.add(hop);
                core.warning(`The trust policy of ${roleArn} does not allow sts:TagSession, so the session is not tagged with the repository and run; add sts:TagSession for ${callerRoleArn ?? previous.arn} so CloudTrail can tell runs apart.`);
            }
            const identity = acceptCredentials(response.Credentials, response.AssumedRoleUser?.Arn, 'AssumeRole', this.sts.now());
            if (first)
                core.info(`Role chain ${hop}/${hops}: assumed ${roleArn} as ${identity.arn}${expiryText(identity)}.`);
            return identity;
        }
        catch (error) {
            throw chainHopFailure(error, {
                hop,
                hops,
                roleArn,
                callerArn: previous.arn,
                callerRoleArn,
                requestedDurationSeconds: durationSeconds,
            });
        }
        finally {
            connection.destroy();
        }
    }
}

;// CONCATENATED MODULE: ./src/auth/session-tags.ts
/** Repository and run; values limited to the characters STS accepts, empty ones left out. */
function sessionTags(github) {
    const pairs = [
        ['Repository', github.repository],
        ['RunId', github.runId],
        ['RunAttempt', github.runAttempt],
    ];
    return pairs
        .map(([Key, value]) => ({ Key, Value: value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 256) }))
        .filter((tag) => tag.Value !== '');
}

;// CONCATENATED MODULE: ./src/auth/web-identity.ts
// The GitHub OIDC token exchanged for the role in `role-to-assume` (STS AssumeRoleWithWebIdentity).





/** Fails with a CredentialsError that says what to change (trust policy, audience, provider) or that GitHub's side was down. */
async function assumeRoleWithWebIdentity(roleArn, oidc, settings, sts) {
    const operation = 'AssumeRoleWithWebIdentity';
    const connection = connectSts(sts, { region: settings.region, operation });
    try {
        const response = await connection.call((client) => client.send(new dist_cjs/* AssumeRoleWithWebIdentityCommand */.WH({
            RoleArn: roleArn,
            RoleSessionName: settings.roleSessionName,
            DurationSeconds: settings.roleDurationSeconds,
            WebIdentityToken: oidc.token,
        })));
        const identity = acceptCredentials(response.Credentials, response.AssumedRoleUser?.Arn, operation, sts.now());
        core.info(`Assumed ${roleArn} with the GitHub OIDC token as ${identity.arn} (session ${settings.roleSessionName})${expiryText(identity)}.`);
        return identity;
    }
    catch (error) {
        throw webIdentityFailure(error, {
            roleArn,
            audience: settings.audience,
            claims: oidc.claims,
            roleDurationSeconds: settings.roleDurationSeconds,
            nowMs: sts.now(),
        });
    }
    finally {
        connection.destroy();
    }
}

;// CONCATENATED MODULE: ./src/auth/session.ts
// Establishes the AWS session every other client signs with: the GitHub OIDC token exchanged with STS
// (or credentials already in the environment), then the optional role chain. The result is a provider,
// not a snapshot, so a deployment wait longer than one session simply gets new credentials.
// Transient STS failures are retried; refusals fail at once with what to change.










async function establishSession(auth, deps) {
    const now = deps.now ?? Date.now;
    const timing = { now, ...(deps.sleep && { sleep: deps.sleep }), ...(deps.random && { random: deps.random }) };
    const sts = {
        createClient: deps.createStsClient ?? ((config) => new dist_cjs/* STSClient */.iM(config)),
        ...(deps.proxy && { proxy: deps.proxy }),
        ...timing,
    };
    const ambient = new AmbientIdentity(auth.region, sts);
    const chain = new RoleChain(auth, sessionTags(deps.github), sts);
    const fromOidc = async (roleArn, first) => {
        const early = first ? deps.firstToken : undefined;
        const renewed = () => (0,oidc_token/* getOidcToken */.v4)(auth.audience, { ...timing, env: deps.env ?? process.env, showClaims: first });
        const oidc = await (early ?? renewed());
        return assumeRoleWithWebIdentity(roleArn, oidc, auth, sts);
    };
    const acquire = async (first) => {
        if (!first)
            core.info('AWS credentials expire soon; renewing them.');
        const start = auth.roleToAssume ? await fromOidc(auth.roleToAssume, first) : await ambient.get(first);
        return chain.assumeAll(start, first);
    };
    const first = await acquire(true);
    if (auth.exportCredentials)
        exportCredentials(first, auth.region);
    return {
        credentials: refreshingProvider(first, () => acquire(false), now),
        assumedRoleArn: first.arn,
        account: accountOfArn(first.arn) ?? '',
        source: auth.roleToAssume ? 'oidc' : 'environment',
        ...(first.expiration && { expiration: first.expiration }),
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var client_ecs_dist_cjs = __webpack_require__(212);
;// CONCATENATED MODULE: ./src/shared/concurrency.ts
// Running work over many items with at most `limit` of them in flight: many services are updated side by
// side without sending every UpdateService of a large step into ECS's rate limit at the same instant.
/** Like Promise.allSettled over `items.map(work)`, with at most `limit` calls of `work` running at once; results in item order. */
async function settleWithLimit(items, limit, work) {
    if (!Number.isInteger(limit) || limit < 1)
        throw new Error(`internal error: concurrency limit ${String(limit)}`);
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        // Each worker takes the next item as soon as its previous one settles.
        for (let index = next++; index < items.length; index = next++) {
            try {
                results[index] = { status: 'fulfilled', value: await work(items[index], index) };
            }
            catch (reason) {
                results[index] = { status: 'rejected', reason };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

// EXTERNAL MODULE: ./src/shared/constants.ts
var constants = __webpack_require__(5444);
;// CONCATENATED MODULE: ./src/service/settings.ts

const NO_SETTINGS = {
    desiredCount: undefined,
    enableEcsManagedTags: undefined,
    propagateTags: undefined,
    enableExecuteCommand: undefined,
};
/** Each given setting whose value differs from the service's, in the order of action.yml. */
function settingChanges(service, settings) {
    const changes = [];
    const compare = (input, now, wanted, needsNewTasks) => {
        if (wanted !== undefined && wanted !== now)
            changes.push({ input, from: now, to: wanted, needsNewTasks });
    };
    compare(constants/* Input */.pd.desiredCount, String(service.desiredCount ?? 0), settings_text(settings.desiredCount), false);
    // ECS leaves out the defaults on some services: absent is false and NONE.
    compare(constants/* Input */.pd.enableEcsManagedTags, String(service.enableECSManagedTags ?? false), settings_text(settings.enableEcsManagedTags), true);
    compare(constants/* Input */.pd.propagateTags, service.propagateTags ?? 'NONE', settings.propagateTags, true);
    compare(constants/* Input */.pd.enableExecuteCommand, String(service.enableExecuteCommand ?? false), settings_text(settings.enableExecuteCommand), true);
    return changes;
}
/** `desired-count 1 → 2, propagate-tags NONE → SERVICE` */
function describeSettingChanges(changes) {
    return changes.map((change) => `${change.input} ${change.from} → ${change.to}`).join(', ');
}
/** The UpdateService fields of the given settings; the service keeps its own value of the others. */
function settingsFields(settings) {
    return {
        ...(settings.desiredCount === undefined ? {} : { desiredCount: settings.desiredCount }),
        ...(settings.enableEcsManagedTags === undefined ? {} : { enableECSManagedTags: settings.enableEcsManagedTags }),
        ...(settings.propagateTags === undefined ? {} : { propagateTags: settings.propagateTags }),
        ...(settings.enableExecuteCommand === undefined ? {} : { enableExecuteCommand: settings.enableExecuteCommand }),
    };
}
function settings_text(value) {
    return value === undefined ? undefined : String(value);
}

// EXTERNAL MODULE: ./src/shared/aws-request-error.ts
var aws_request_error = __webpack_require__(67);
;// CONCATENATED MODULE: ./src/shared/ecs-request.ts


/** An ECS call that failed, explained; `cause` is the SDK's error. */
class EcsRequestError extends aws_request_error/* AwsRequestError */.nA {
    constructor(operation, resource, cause, advice) {
        super('ECS', operation, resource, cause, advice);
    }
}
async function requestEcs(operation, resource, send, registerInput) {
    try {
        return await send();
    }
    catch (error) {
        throw new EcsRequestError(operation, resource, error, ecsFailureAdvice(operation, error, registerInput));
    }
}
/** What to do about a failed ECS call, as a sentence; empty when the service's own message says enough. */
function ecsFailureAdvice(operation, error, registerInput) {
    switch ((0,errors/* errorName */.Is)(error)) {
        case 'AccessDeniedException':
        case 'AccessDenied':
        case 'UnauthorizedOperation':
            return accessAdvice(operation, error, registerInput);
        case 'ClusterNotFoundException':
            return 'Check the cluster input and that aws-region is the region of the cluster.';
        case 'ServiceNotFoundException':
            return 'Check the service input, the cluster input and that aws-region is their region.';
        case 'ServiceNotActiveException':
            return 'The service was deleted; recreate it with CreateService or check the service input.';
        case 'ClientException':
            return operation === 'DescribeTaskDefinition'
                ? 'Check that the task definition exists in this account and region, and that the role may call ecs:DescribeTaskDefinition.'
                : '';
        default:
            return (0,aws_request_error/* rejectedCredentialsAdvice */.DQ)(error) ?? '';
    }
}
function accessAdvice(operation, error, registerInput) {
    const refused = (0,aws_request_error/* refusedAction */.ff)(error);
    if (operation === 'RegisterTaskDefinition' && (refused?.toLowerCase() === 'iam:passrole' || /passrole/i.test((0,errors/* errorMessage */.gJ)(error)))) {
        const roles = [registerInput?.taskRoleArn, registerInput?.executionRoleArn].filter((arn) => arn !== undefined && arn !== '');
        const on = roles.length > 0 ? roles.join(' and ') : 'the task role and the execution role';
        return `The role needs iam:PassRole on ${on} (besides ecs:RegisterTaskDefinition).`;
    }
    if (operation === 'RegisterTaskDefinition' && refused?.toLowerCase() === 'ecs:tagresource') {
        return 'The role needs ecs:TagResource to register a revision with tags (ECS authorizes tags on create), besides ecs:RegisterTaskDefinition.';
    }
    return `The role needs ${refused ?? `ecs:${operation}`}.`;
}

;// CONCATENATED MODULE: ./src/codedeploy/controller.ts
/** `{ controller }` for a CODE_DEPLOY or EXTERNAL service, nothing for an ECS one (spread into its target). */
function controllerOf(service) {
    const type = service.deploymentController?.type;
    if (type === 'EXTERNAL')
        return { controller: { type } };
    if (type !== 'CODE_DEPLOY')
        return {};
    const withContainer = service.loadBalancers?.find((balancer) => balancer.containerName !== undefined && balancer.containerName !== '' && balancer.containerPort !== undefined);
    return {
        controller: {
            type,
            loadBalancer: withContainer?.containerName === undefined || withContainer.containerPort === undefined
                ? undefined
                : { containerName: withContainer.containerName, containerPort: withContainer.containerPort },
        },
    };
}
/** Why this action does not deploy an EXTERNAL service: its task sets belong to the controller that made them. */
function externalControllerRefusal(service) {
    return `${service} uses the EXTERNAL deployment controller: ECS takes no new task definition for it through UpdateService (it belongs to the task set that its own controller creates with CreateTaskSet), so this action does not deploy it; deploy it with that controller, or give it the ECS or CODE_DEPLOY controller.`;
}

// EXTERNAL MODULE: ./src/codedeploy/start-error.ts
var start_error = __webpack_require__(4461);
;// CONCATENATED MODULE: ./src/codedeploy/by-controller.ts
// The branch point for a service whose deployment controller is not ECS: CODE_DEPLOY services get a
// CodeDeploy deployment of the new revision, EXTERNAL ones a refusal. The CodeDeploy modules (and the SDK
// client they bring) are loaded here, on first use, so an ECS-only deploy never parses them.



async function startByController(ecs, request) {
    const { controller } = request;
    if (controller.type === 'EXTERNAL')
        throw new start_error/* CodeDeployStartError */.F('refused', externalControllerRefusal(request.service));
    const [{ codeDeployClientLike }, { startCodeDeployDeployment }] = await Promise.all([Promise.all(/* import() */[__webpack_require__.e(507), __webpack_require__.e(331)]).then(__webpack_require__.bind(__webpack_require__, 1331)), Promise.all(/* import() */[__webpack_require__.e(507), __webpack_require__.e(586)]).then(__webpack_require__.bind(__webpack_require__, 6586))]);
    const client = await codeDeployClientLike(ecs);
    try {
        const started = await startCodeDeployDeployment(client, { ...request, controller });
        core.info(`Created CodeDeploy deployment ${started.deploymentId} of ${request.taskDefinitionArn} for ${request.service} (application ${started.application}, deployment group ${started.deploymentGroup}${request.config.deploymentConfig === undefined ? '' : `, config ${request.config.deploymentConfig}`}).`);
        return started;
    }
    finally {
        client.destroy();
    }
}

;// CONCATENATED MODULE: ./src/service/update.ts
// Points every service at its new revision, each independently and a few at a time, and says which updates started.








/**
 * Points the service at the revision with the settings the inputs give; nothing else about the service is
 * sent, so nothing else changes.
 */
async function updateService(ecs, update) {
    const resource = `service "${update.service}" in cluster "${update.cluster}"`;
    const input = {
        cluster: update.cluster,
        service: update.service,
        taskDefinition: update.taskDefinitionArn,
        ...settingsFields(update.settings ?? NO_SETTINGS),
        ...(update.forceNewDeployment ? { forceNewDeployment: true } : {}),
    };
    const response = await requestEcs('UpdateService', resource, () => ecs.send(new client_ecs_dist_cjs/* UpdateServiceCommand */.kZr(input)));
    const service = response.service;
    if (service === undefined)
        throw new Error(`ECS UpdateService answered without the ${resource}.`);
    const primary = service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
    if (primary?.id === undefined)
        throw new Error(`ECS UpdateService answered without a PRIMARY deployment for ${resource}.`);
    return { service, deploymentId: primary.id, serviceDeploymentArn: service.currentServiceDeployment };
}
/**
 * UpdateService calls in flight at once: enough that a step of many services starts their rollouts
 * together, few enough not to spend the account's ECS rate limit in one burst.
 */
const UPDATE_CONCURRENCY = 5;
/**
 * Updates every service, each independently and UPDATE_CONCURRENCY at a time: when one update fails, the services already moved to
 * the new revision are still returned, so they are watched (and rolled back if need be), not stranded.
 */
async function updateServices(ecs, config, plan, registered) {
    const settled = await settleWithLimit(plan.targets, UPDATE_CONCURRENCY, async (target) => {
        const taskDefinition = collections_itemAt(registered, target.render);
        const updatedAt = new Date();
        if (target.controller !== undefined) {
            // UpdateService refuses a new task definition for these controllers: CodeDeploy rolls CODE_DEPLOY services out.
            const codeDeploy = await startByController(ecs, {
                cluster: config.deploy.cluster,
                service: target.service,
                controller: target.controller,
                taskDefinitionArn: taskDefinition.taskDefinitionArn ?? '',
                config: config.codeDeploy,
            });
            return { target, taskDefinition, updatedAt, deploymentId: codeDeploy.deploymentId, serviceDeploymentArn: undefined, codeDeploy };
        }
        const updated = await updateService(ecs, {
            cluster: config.deploy.cluster,
            service: target.service,
            taskDefinitionArn: taskDefinition.taskDefinitionArn ?? '',
            forceNewDeployment: config.deploy.forceNewDeployment,
            settings: config.deploy.settings,
        });
        core.info(`Updated ${target.service} to ${taskDefinition.taskDefinitionArn}${updated.deploymentId ? ` (deployment ${updated.deploymentId})` : ''}`);
        return { target, taskDefinition, updatedAt, deploymentId: updated.deploymentId, serviceDeploymentArn: updated.serviceDeploymentArn };
    });
    const updates = { started: [], failed: [] };
    for (const [index, outcome] of settled.entries()) {
        if (outcome.status === 'fulfilled')
            updates.started.push(outcome.value);
        else {
            const target = collections_itemAt(plan.targets, index);
            updates.failed.push({ service: target.service, operation: failedOperation(target, outcome.reason), error: outcome.reason });
        }
    }
    return updates;
}
/** The call that failed: UpdateService for an ECS service, the step CodeDeploy's start names for the others. */
function failedOperation(target, error) {
    if (target.controller === undefined)
        return 'ecs:UpdateService';
    // Anything else on that path (loading the CodeDeploy client) failed before any CodeDeploy call.
    return error instanceof start_error/* CodeDeployStartError */.F ? error.operation : 'refused';
}

;// CONCATENATED MODULE: ./src/service/rollouts.ts
// Carries out each service's decision: UpdateService to a new revision for those that register one,
// UpdateService with forceNewDeployment on the revision they run for those rolled out again, UpdateService
// with the settings on the revision they run for those rescaled, the deployment already under way for those followed, and
// nothing for those unchanged.



/** The renders some service registers, as a plan of their own (render indices renumbered to match). */
function registrationPlan(plan, decisions) {
    const registering = decisions.filter((decision) => decision.kind === 'register').map((decision) => decision.target);
    const used = [...new Set(registering.map((target) => target.render))];
    return {
        renders: used.map((index) => plan.renders[index]).filter((render) => render !== undefined),
        targets: registering.map((target) => ({ ...target, render: used.indexOf(target.render) })),
    };
}
const NO_UPDATES = { started: [], failed: [] };
/**
 * Starts what the decisions ask for, each service on its own. `registering` and `registered` are the
 * registration plan and the revisions registered for it (same order). `started` is in the decisions'
 * order, followed deployments included, so each outcome of the watch lines up with its service.
 */
async function startRollouts(ecs, config, decisions, registering, registered) {
    const redeploying = decisions.flatMap((decision) => (decision.kind === 'redeploy' ? [decision] : []));
    const again = {
        renders: [],
        targets: redeploying.map((decision, index) => ({ ...decision.target, render: index })),
    };
    // UpdateService starts no deployment for the revision a service already runs unless forced to.
    const forced = { ...config, deploy: { ...config.deploy, forceNewDeployment: true } };
    // An existing revision (`task-definition: my-app:7`): UpdateService to it, as to a registered one.
    const switching = decisions.flatMap((decision) => (decision.kind === 'switch' ? [decision] : []));
    const toExisting = {
        renders: [],
        targets: switching.map((decision, index) => ({ ...decision.target, render: index })),
    };
    const rescaling = decisions.flatMap((decision) => (decision.kind === 'rescale' ? [decision] : []));
    const [fresh, repeated, rescaled, switched] = await Promise.all([
        registering.targets.length > 0 ? updateServices(ecs, config, registering, registered) : NO_UPDATES,
        again.targets.length > 0
            ? updateServices(ecs, forced, again, redeploying.map((decision) => ({ ...decision.taskDefinition, taskDefinitionArn: decision.taskDefinitionArn })))
            : NO_UPDATES,
        rescale(ecs, config, rescaling),
        switching.length > 0
            ? updateServices(ecs, config, toExisting, switching.map((decision) => ({ ...decision.taskDefinition, taskDefinitionArn: decision.taskDefinitionArn })))
            : NO_UPDATES,
    ]);
    const followed = decisions.flatMap((decision) => (decision.kind === 'follow' ? [followedDeployment(decision)] : []));
    const order = (service) => decisions.findIndex((decision) => decision.target.service === service);
    return {
        started: [...fresh.started, ...repeated.started, ...switched.started, ...followed].sort((a, b) => order(a.target.service) - order(b.target.service)),
        failed: [...fresh.failed, ...repeated.failed, ...switched.failed, ...rescaled.failed].sort((a, b) => order(a.service) - order(b.service)),
        unchanged: [...decisions.filter((decision) => decision.kind === 'unchanged'), ...rescaled.done].sort((a, b) => order(a.target.service) - order(b.target.service)),
        deployed: fresh.started.length + repeated.started.length + switched.started.length > 0,
    };
}
/** A deployment already under way, as if this run had started it: the watch follows it the same way. */
function followedDeployment(decision) {
    return {
        target: { ...decision.target, previousTaskDefinitionArn: decision.replacing || decision.taskDefinitionArn },
        taskDefinition: { ...decision.taskDefinition, taskDefinitionArn: decision.taskDefinitionArn },
        updatedAt: decision.startedAt,
        deploymentId: decision.deploymentId,
        serviceDeploymentArn: decision.serviceDeploymentArn,
    };
}
/**
 * UpdateService on the revision the service runs, without forceNewDeployment (a rescale is never forced:
 * force-new-deployment makes it a redeploy): ECS scales the completed deployment and starts no new one.
 */
async function rescale(ecs, config, decisions) {
    if (decisions.length === 0)
        return { done: [], failed: [] };
    // The target's fields without its controller: ECS takes a new count from a CODE_DEPLOY service too, so a rescale is never a CodeDeploy deployment.
    const same = {
        renders: [],
        targets: decisions.map(({ target }, index) => ({
            service: target.service,
            previousTaskDefinitionArn: target.previousTaskDefinitionArn,
            render: index,
        })),
    };
    const updates = await updateServices(ecs, config, same, decisions.map((decision) => ({ taskDefinitionArn: decision.taskDefinitionArn })));
    const done = decisions.filter((decision) => updates.started.some((started) => started.target.service === decision.target.service));
    for (const decision of done)
        core.info(`${decision.target.service}: ${describeSettingChanges(decision.changes)}, no new deployment.`);
    return { done, failed: updates.failed };
}

// EXTERNAL MODULE: ./src/service/start-failure.ts
var start_failure = __webpack_require__(5448);
;// CONCATENATED MODULE: ./src/service/fail-fast.ts

function afterUpdateFailures(failFast, failed) {
    const first = failed[0];
    return failFast && first !== undefined
        ? { kind: 'stop', failed: { service: first.service, operation: first.operation } }
        : { kind: 'watch' };
}
/** Why a service whose rollout started was not watched, in the words of the watch's own fail-fast. */
function notWaitedAfterUpdateFailure(service, failed) {
    return `Not waited for: fail-fast stopped at the first failure (${(0,start_failure/* startFailedFor */.L)(failed.service, failed.operation)}); the deployment of ${service} may still be in progress.`;
}

// EXTERNAL MODULE: ./src/image/ecr.ts
var image_ecr = __webpack_require__(2531);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 5 modules
var exec = __webpack_require__(2876);
// EXTERNAL MODULE: ./src/report/failure-cause.ts
var failure_cause = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/image/engine-args.ts
var engine_args = __webpack_require__(4093);
;// CONCATENATED MODULE: ./src/image/engine.ts
// Running the container engine: which one answers, build, push. Argument vectors come from
// engine-args.ts; this module only runs them and turns failures into sentences.









const TAIL_LINES = 5;
/**
 * The engine to build with. With a preference, only that one, and it must answer. Without, docker
 * when its daemon answers (a docker CLI with no daemon behind it cannot build), else podman.
 */
async function detectEngine(preferred) {
    if (preferred !== undefined) {
        const answer = await probe(preferred, (0,engine_args/* probeArguments */.V3)(preferred, 'preferred'));
        if (answer.ok)
            return preferred;
        const other = preferred === 'docker' ? 'podman' : 'docker';
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`\`${constants/* Input */.pd.containerEngine}\` is ${preferred}, but ${preferred} does not answer (${answer.detail}): it is not installed or not running. Start it, or set \`${constants/* Input */.pd.containerEngine}\` to ${other} or leave it empty.`), 'engine-missing');
    }
    const docker = await probe('docker', (0,engine_args/* probeArguments */.V3)('docker', 'automatic'));
    if (docker.ok)
        return 'docker';
    const podman = await probe('podman', (0,engine_args/* probeArguments */.V3)('podman', 'automatic'));
    if (podman.ok) {
        core.info(`docker does not answer (${docker.detail}); building with podman.`);
        return 'podman';
    }
    throw (0,failure_cause/* withFailureCause */.ms)(new Error(`Neither docker (${docker.detail}) nor podman (${podman.detail}) can build here: install or start one of them, or set \`${constants/* Input */.pd.image}\` to deploy an existing image.`), 'engine-missing');
}
/**
 * Whether docker builds with BuildKit, which alone knows (and needs) `--provenance=false`. Checked
 * through the private config the build uses, since docker looks up CLI plugins relative to it.
 */
async function supportsAttestationFlags(engine, authDirectory, env = process.env) {
    if (engine !== 'docker' || env['DOCKER_BUILDKIT'] === '0')
        return false;
    return (await probe('docker', (0,engine_args/* buildxProbeArguments */.J$)(authDirectory))).ok;
}
/** Runs `engine argv` with its output streamed into the log. */
async function buildImage(engine, argv) {
    const tail = lastLines();
    const exitCode = await (0,exec/* exec */.m)(engine, [...argv], { ignoreReturnCode: true, listeners: { stdline: tail.add, errline: tail.add } });
    if (exitCode !== 0)
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`${engine} build failed with exit code ${exitCode}${tail.describe()}`), 'build');
}
/**
 * Pushes one reference and returns the digest the engine reports, when it reports one. The caller
 * should still trust ECR's own answer (DescribeImages) over this. `fromList` (podman): the local
 * manifest list to push, with every image it lists, as the index `reference` names.
 */
async function pushImage(engine, reference, authDirectory, fromList) {
    const digestFile = engine === 'podman' ? external_node_path_default().join(authDirectory, `pushed-${(0,external_node_crypto_.randomUUID)()}.digest`) : undefined;
    const argv = fromList !== undefined && digestFile !== undefined
        ? (0,engine_args/* manifestPushArguments */.sx)(fromList, reference, authDirectory, digestFile)
        : (0,engine_args/* pushArguments */.T8)(engine, reference, authDirectory, digestFile);
    const tail = lastLines();
    try {
        const result = await (0,exec/* getExecOutput */.H)(engine, argv, {
            ignoreReturnCode: true,
            listeners: { errline: tail.add },
        });
        if (result.exitCode !== 0) {
            const advice = pushAdvice(`${result.stderr}\n${result.stdout}`);
            throw (0,failure_cause/* withFailureCause */.ms)(new Error(`${engine} push of ${reference} failed with exit code ${result.exitCode}${tail.describe()}${advice === '' ? '' : ` ${advice}`}`), 'push');
        }
        if (digestFile === undefined)
            return (0,engine_args/* digestFromPushOutput */.o9)(result.stdout);
        return (await (0,promises_.readFile)(digestFile, 'utf8').catch(() => '')).trim() || undefined;
    }
    finally {
        if (digestFile !== undefined)
            await (0,promises_.rm)(digestFile, { force: true });
    }
}
/** podman: removes a local manifest list of that name, if there is one (a build would add to it). */
async function removeManifestList(list) {
    await (0,exec/* getExecOutput */.H)('podman', (0,engine_args/* manifestRemoveArguments */.kj)(list), { silent: true, ignoreReturnCode: true });
}
/** What to do about a failed push, judged from the registry's words; empty when they say enough. */
function pushAdvice(output) {
    if (/already exists.*immutable|cannot be overwritten/is.test(output)) {
        return 'The tag already exists in an IMMUTABLE repository and cannot be overwritten: push a new tag, or make the repository MUTABLE.';
    }
    if (/denied|not authorized|unauthorized|\b403\b/i.test(output)) {
        return 'The role needs ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage on the repository.';
    }
    return '';
}
async function probe(engine, argv) {
    try {
        const result = await (0,exec/* getExecOutput */.H)(engine, argv, { silent: true, ignoreReturnCode: true });
        if (result.exitCode === 0)
            return { ok: true, detail: '' };
        const firstLine = `${result.stderr}\n${result.stdout}`
            .split('\n')
            .find((line) => line.trim() !== '')
            ?.trim();
        return { ok: false, detail: firstLine ?? `exit code ${result.exitCode}` };
    }
    catch {
        // @actions/exec throws when the executable is not on PATH.
        return { ok: false, detail: 'not found on PATH' };
    }
}
/** Keeps the last few output lines so a failure message can quote the engine's reason. */
function lastLines() {
    const lines = [];
    return {
        add: (line) => {
            if (line.trim() === '')
                return;
            lines.push(line.trim());
            if (lines.length > TAIL_LINES)
                lines.shift();
        },
        describe: () => (lines.length === 0 ? '.' : `: ${lines.join(' / ')}`),
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var client_ecr_dist_cjs = __webpack_require__(8249);
// EXTERNAL MODULE: ./src/image/platforms.ts
var image_platforms = __webpack_require__(2929);
;// CONCATENATED MODULE: ./src/image/image-platforms.ts
// Which platforms an image in ECR holds, read from its manifest (BatchGetImage): an image index lists
// them; a single image's platform sits in its config blob, which this does not fetch.






/** The platforms the index at `image.digest` lists, or undefined when it is a single image. */
async function readIndexPlatforms(ecr, image) {
    const images = await readIndexImages(ecr, image);
    return images === undefined ? undefined : [...new Set(images.map((listed) => listed.platform))];
}
/** The images (platform and digest) the index at `image.digest` lists, or undefined when it is a single image. One BatchGetImage. */
async function readIndexImages(ecr, image) {
    const request = {
        repositoryName: image.repository,
        imageIds: [{ imageDigest: image.digest }],
        acceptedMediaTypes: image_platforms/* ACCEPTED_MANIFEST_MEDIA_TYPES */.Jm,
        ...(image.registryId === undefined ? {} : { registryId: image.registryId }),
    };
    let manifest;
    try {
        const response = await ecr.send(new client_ecr_dist_cjs/* BatchGetImageCommand */.P8n(request));
        manifest = response.images?.[0]?.imageManifest;
    }
    catch (error) {
        throw new image_ecr/* EcrRequestError */.ek('BatchGetImage', `image "${image.repository}@${image.digest}"`, error, (0,image_ecr/* ecrFailureAdvice */.bB)('BatchGetImage', error));
    }
    return manifest === undefined ? undefined : (0,image_platforms/* imagesOfIndex */.sw)(manifest);
}
/**
 * The platforms of the index just pushed, as the registry stores it; fails when one the `platform`
 * input asked for is missing (an engine that built fewer than asked must not deploy what it skipped).
 */
async function confirmPushedPlatforms(ecr, image, wanted) {
    const listed = (await readIndexPlatforms(ecr, image)) ?? [];
    const missing = (0,image_platforms/* missingPlatforms */.z3)(wanted, listed);
    if (missing.length > 0) {
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`The image index pushed as ${image.repository}@${image.digest} lists ${listed.join(', ') || 'no platform'}, but \`${constants/* Input */.pd.platform}\` asked for ${wanted.join(', ')}: ${missing.join(', ')} is missing. The engine built fewer images than asked; see its log above.`), 'build');
    }
    core.info(`The image index ${image.digest} lists ${listed.join(', ')}.`);
    return listed;
}

// EXTERNAL MODULE: ./src/image/reference.ts
var image_reference = __webpack_require__(3564);
;// CONCATENATED MODULE: ./src/image/registry-logins.ts

/** Which registry ids to ask each region for: the push registry first, each registry once. Pure. */
function loginRequests(region, pushRegistryId, extra) {
    const byRegion = new Map([[region, [pushRegistryId]]]);
    for (const registry of extra) {
        const ids = byRegion.get(registry.region) ?? [];
        if (!ids.includes(registry.registryId))
            ids.push(registry.registryId);
        byRegion.set(registry.region, ids);
    }
    return byRegion;
}
/**
 * The push registry's login first, then one per extra registry. Without extra registries this is the
 * one call it always was: the registry `repository` names (`givenRegistryId`), else the caller's default.
 * With them, the push registry is asked for by its id (`pushRegistryId`, from DescribeRepositories).
 */
async function registryLoginsForBuild(clients, region, { givenRegistryId, pushRegistryId }, extra) {
    const pushId = givenRegistryId ?? pushRegistryId;
    if (extra.length === 0 || pushId === '') {
        const requests = [...loginRequests(region, '', extra)].map(([where, ids]) => [where, ids.filter((id) => id !== '')]);
        const [push, ...others] = await Promise.all([
            (0,image_ecr/* getRegistryLogin */.RY)(clients.ecr, givenRegistryId),
            ...requests.map(([where, ids]) => logins(clients, region, where, ids)),
        ]);
        return [push, ...others.flat()];
    }
    const answers = await Promise.all([...loginRequests(region, pushId, extra)].map(([where, ids]) => logins(clients, region, where, ids)));
    const [push, ...others] = answers.flat();
    if (push === undefined)
        throw new Error('ECR GetAuthorizationToken answered no login for the push registry.');
    return [push, ...others];
}
function logins(clients, region, where, ids) {
    if (ids.length === 0)
        return Promise.resolve([]);
    return (0,image_ecr/* getRegistryLogins */.iz)(where === region ? clients.ecr : clients.ecrIn(where), ids);
}

// EXTERNAL MODULE: ./src/image/registry-login.ts
var registry_login = __webpack_require__(6266);
// EXTERNAL MODULE: ./src/image/cache-args.ts
var cache_args = __webpack_require__(1189);
;// CONCATENATED MODULE: ./src/image/build-cache.ts






async function describeBuildCache(ecr, cache, engine) {
    let repository;
    try {
        repository = await (0,image_ecr/* describeRepository */.MD)(ecr, cache.repository, cache.registryId);
    }
    catch (error) {
        if (!(error instanceof image_ecr/* RepositoryNotFoundError */.wN))
            throw error;
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`The cache repository "${cache.repository}" does not exist in ${error.account === undefined ? 'this account' : `account ${error.account}`} region ${error.region}: create it (\`aws ecr create-repository --repository-name ${cache.repository} --region ${error.region}\`) or fix the \`${constants/* Input */.pd.cacheRepository}\` input.`), 'repository-missing');
    }
    if (engine === 'podman' && cache.tag !== constants/* InputDefault */.YJ[constants/* Input */.pd.cacheTag])
        core.warning(`Input \`${constants/* Input */.pd.cacheTag}\` has no effect in this run: podman tags each cached layer by its own key.`);
    const refusal = (0,cache_args/* cacheRepositoryRefusal */.l)(engine, cache.repository, repository, cache.tag);
    if (refusal !== undefined)
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(refusal), 'push');
    return { repositoryUri: repository.repositoryUri, tag: cache.tag, registry: (0,image_reference/* parseImageReference */.o_)(repository.repositoryUri).host ?? '' };
}

// EXTERNAL MODULE: ./src/image/build-secrets.ts
var build_secrets = __webpack_require__(1341);
;// CONCATENATED MODULE: ./src/image/secret-files.ts
// The build secrets' I/O: every value masked before the engine runs, and each inline value written to a
// file of mode 0600 in the step's private directory (0700, removed by the post step too), deleted as
// soon as the build ends, failed or not.





const MASKED_FILE_BYTES = 64 * 1024;
async function writeSecretFiles(secrets, privateDirectory, env = process.env) {
    await maskValues(secrets, env);
    const run = (0,external_node_crypto_.randomUUID)();
    const staged = (0,build_secrets/* stagedSecrets */.y)(secrets, (index) => external_node_path_default().join(privateDirectory, `build-secret-${run}-${index}`));
    const written = [];
    const remove = async () => {
        await Promise.all(written.map((file) => (0,promises_.rm)(file, { force: true })));
    };
    try {
        for (const [index, secret] of secrets.entries()) {
            const target = staged[index];
            if (secret.source.kind !== 'value' || target === undefined || !('file' in target))
                continue;
            written.push(target.file);
            await (0,promises_.writeFile)(target.file, secret.source.value, { mode: 0o600, flag: 'wx' });
        }
    }
    catch (error) {
        await remove();
        throw error;
    }
    return { secrets: staged, remove };
}
/** The runner masks each line of a multi-line secret only when each line is registered. */
async function maskValues(secrets, env) {
    for (const secret of secrets) {
        const { source } = secret;
        let value;
        if (source.kind === 'value')
            value = source.value;
        else if (source.kind === 'env')
            value = env[source.name];
        else
            value = (await (0,promises_.readFile)(source.path)).subarray(0, MASKED_FILE_BYTES).toString('utf8');
        if (value === undefined)
            continue;
        const parts = [value.trim(), ...value.split('\n').map((line) => line.trim())];
        for (const part of new Set(parts))
            if (part !== '')
                core.setSecret(part);
    }
}

;// CONCATENATED MODULE: ./src/image/prepare.ts
// The image phase: decide which image the task definition will name, pinned by digest. An existing
// tag that cannot move or that names this commit is reused (so re-runs work against IMMUTABLE
// repositories); otherwise build and push, then read the digest back from ECR so it is what the
// registry holds, whichever engine pushed it.













async function prepareImage(config, clients) {
    // Resolved beside the build, not after it: neither waits for the other.
    const [deployed, otherImages] = await Promise.all([prepareDeployedImage(config, clients), pinOtherImages(config, clients)]);
    return { ...deployed, otherImages };
}
/**
 * Each distinct image of the `images` input looked up once, all at once: an ECR image given by tag is
 * pinned by digest, as the deployed one is, so a later push to that tag cannot change what new tasks run.
 */
async function pinOtherImages(config, clients) {
    const { images } = config.taskDefinition.edits;
    const distinct = [...new Set(images.map(([, image]) => image))];
    const resolved = await Promise.all(distinct.map((image) => (0,image_ecr/* resolveImageReference */.JA)(clients.ecr, image, constants/* Input */.pd.images)));
    const pinned = new Map(distinct.map((image, index) => [image, collections_itemAt(resolved, index).uri]));
    return images.map(([container, image]) => {
        const uri = pinned.get(image) ?? image;
        if (uri !== image)
            core.info(`Container ${container}: ${image} pinned as ${uri}`);
        return [container, uri];
    });
}
async function prepareDeployedImage(config, clients) {
    const source = config.image;
    if (source.kind === 'revision') {
        core.info(`Image phase skipped: task-definition names the existing revision ${config.taskDefinition.revision ?? ''}, deployed as it is with the images it names; nothing is built, pushed or looked up.`);
        return { uri: '', registry: '', tag: '', digest: '', origin: 'revision', repositoryUri: undefined };
    }
    if (source.kind === 'existing') {
        const resolved = await (0,image_ecr/* resolveImageReference */.JA)(clients.ecr, source.reference);
        core.info(`Deploying the existing image ${resolved.uri}`);
        // The `repository` input, when given, names the container to change; else the image's own repository does.
        return { ...resolved, origin: 'given', repositoryUri: source.repository ?? resolved.repositoryUri };
    }
    // `registryId` is set when `repository` was given as a URI: every ECR call then names that registry.
    const repository = await (0,image_ecr/* describeRepository */.MD)(clients.ecr, source.repository, source.registryId);
    const registry = hostOf(repository.repositoryUri);
    const reusable = (0,image_ecr/* tagCanBeReused */.kQ)(repository, source.tag, config.github.sha);
    const existing = reusable ? await (0,image_ecr/* findImage */.F1)(clients.ecr, source.repository, source.tag, source.registryId) : undefined;
    const existingDigest = existing?.digest;
    if (!reusable)
        core.info(`${source.tag} can move in ${source.repository} and does not name this commit; building it anew.`);
    if (existingDigest !== undefined) {
        core.info(`${repository.repositoryUri}:${source.tag} already exists (${existingDigest}); reusing it without a build.`);
        if (source.extraTags.length > 0)
            core.info(`Extra tags (${source.extraTags.join(', ')}) are only pushed with a new build.`);
        // An index says which platforms it holds; a single image's platform is not read (it sits in its config blob).
        const imageIndex = image_platforms/* INDEX_MEDIA_TYPES */.kA.includes(existing?.mediaType ?? '');
        const platforms = imageIndex ? await readIndexPlatforms(clients.ecr, { ...source, digest: existingDigest }) : undefined;
        return {
            ...prepare_image(repository.repositoryUri, registry, source.tag, existingDigest, 'reused'),
            ...(platforms ? { platforms } : {}),
            ...(imageIndex ? { imageIndex } : {}),
        };
    }
    if (config.deploy.dryRun) {
        core.info(`${repository.repositoryUri}:${source.tag} does not exist yet; a real run would build and push it.`);
        return { ...prepare_image(repository.repositoryUri, registry, source.tag, '', 'planned'), platforms: buildPlatforms(source) };
    }
    const extraTags = await tagsFreeToPush(clients, source, repository);
    const digest = await buildAndPush(config, clients, { ...source, extraTags }, repository, registry);
    const wanted = buildPlatforms(source);
    const platforms = source.build.platforms.length > 1 ? await confirmPushedPlatforms(clients.ecr, { ...source, digest }, source.build.platforms) : wanted;
    const imageIndex = source.build.platforms.length > 1;
    return { ...prepare_image(repository.repositoryUri, registry, source.tag, digest, 'built'), platforms, ...(imageIndex ? { imageIndex } : {}) };
}
/** The `platform` input, or the runner's own, for which engines build when it is empty. */
function buildPlatforms(source) {
    if (source.build.platforms.length > 0)
        return [...source.build.platforms];
    const native = (0,image_platforms/* nativePlatform */.Nc)(process.arch);
    return native === undefined ? [] : [native];
}
async function buildAndPush(config, clients, source, { repositoryUri, registryId }, registry) {
    const engine = await detectEngine(source.build.engine);
    // Before any login or build: a cache repository that would refuse the cache push fails the step now.
    const cache = source.build.cache === undefined ? undefined : await describeBuildCache(clients.ecr, source.build.cache, engine);
    // `registries` adds the registries of base images (other accounts or regions), logged into with the push registry's.
    const [login, ...baseImageLogins] = await registryLoginsForBuild(clients, config.auth.region, { givenRegistryId: source.registryId, pushRegistryId: registryId }, source.registries);
    const logins = [login, ...baseImageLogins];
    // A cache repository of a registry not logged into yet (another account's) gets its own login.
    if (cache !== undefined && !logins.some((each) => each.registry === cache.registry)) {
        logins.push(await (0,image_ecr/* getRegistryLogin */.RY)(clients.ecr, source.build.cache?.registryId));
    }
    const registries = logins.map((each) => each.registry);
    const authDirectory = await (0,registry_login/* createPrivateDockerConfig */.M_)(config.github.runnerTemp);
    // Saved before anything can fail, so the post step removes the directory whatever happens next.
    core.saveState(constants/* State */.Uw.dockerConfigDir, authDirectory);
    core.saveState(constants/* State */.Uw.containerEngine, engine);
    core.saveState(constants/* State */.Uw.registry, login.registry);
    let pushedDigest;
    try {
        for (const each of logins)
            await (0,registry_login/* loginToRegistry */.ai)(engine, authDirectory, each);
        if (cache !== undefined)
            core.info(`Layer cache: ${cache.repositoryUri}${engine === 'docker' ? `:${cache.tag}` : ''}, read and written by the build.`);
        const references = [source.tag, ...source.extraTags].map((tag) => `${repositoryUri}:${tag}`);
        // Provenance attestations would make ECR store an index with unknown/unknown entries, unless asked for.
        const buildKit = await supportsAttestationFlags(engine, authDirectory);
        refuseWithoutBuildKit(engine, buildKit, source);
        const { index, list } = platformPlan(engine, source, buildKit, references);
        const secretFiles = await writeSecretFiles(source.build.secrets, authDirectory);
        try {
            const argv = (0,engine_args/* buildArguments */.fb)(engine, source.build, {
                tags: references,
                labels: ociLabels(config, source),
                authDirectory,
                disableAttestations: buildKit && !source.build.provenance,
                provenance: buildKit && source.build.provenance,
                ...(cache === undefined ? {} : { cache }),
                secrets: secretFiles.secrets,
            });
            if (list !== undefined)
                await removeManifestList(list);
            await buildImage(engine, argv);
        }
        finally {
            await secretFiles.remove();
        }
        // docker's BuildKit pushed the index with the build; podman pushes its manifest list, with its images, to each tag.
        const pushes = index && engine === 'docker' ? [] : references;
        for (const [position, reference] of pushes.entries()) {
            const digest = await pushImage(engine, reference, authDirectory, list);
            if (position === 0)
                pushedDigest = digest;
        }
    }
    finally {
        // Nothing after the push needs the registry login; the post step repeats this in case we never get here.
        await (0,registry_login/* cleanupPrivateDockerConfig */.q6)(engine, authDirectory, registries);
    }
    const listed = await (0,image_ecr/* findImageDigest */.t3)(clients.ecr, source.repository, source.tag, source.registryId);
    if (listed === undefined)
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`The push of ${repositoryUri}:${source.tag} reported success, but ECR does not list the tag.`), 'push');
    // In a MUTABLE repository another job may push the same tag right after us: deploy what we pushed.
    if (pushedDigest !== undefined && pushedDigest !== listed) {
        core.warning(`${repositoryUri}:${source.tag} moved to ${listed} right after this step pushed ${pushedDigest}; deploying ${pushedDigest}.`);
    }
    const digest = pushedDigest ?? listed;
    core.info(`Pushed ${repositoryUri}:${source.tag} (${digest}) to ${registry}`);
    return digest;
}
/** docker's legacy builder knows neither build secrets nor a registry cache: say so rather than let it fail on a flag. */
function refuseWithoutBuildKit(engine, buildKit, source) {
    if (engine !== 'docker' || buildKit)
        return;
    const needs = [
        ...(source.build.cache === undefined ? [] : [`\`${constants/* Input */.pd.cacheRepository}\``]),
        ...(source.build.secrets.length === 0 ? [] : [`\`${constants/* Input */.pd.buildSecrets}\``]),
    ];
    if (needs.length === 0)
        return;
    throw (0,failure_cause/* withFailureCause */.ms)(new Error(`${needs.join(' and ')} ${needs.length === 1 ? 'needs' : 'need'} docker's BuildKit builder (buildx), but docker builds with its legacy builder here: install the buildx plugin (docker/setup-buildx-action), unset DOCKER_BUILDKIT=0, or set \`${constants/* Input */.pd.containerEngine}\` to podman.`), 'build');
}
/**
 * Whether this build makes an image index, and podman's local manifest list for it; warns when
 * `provenance` has no effect with this engine. Several platforms with docker need BuildKit.
 */
function platformPlan(engine, source, buildKit, references) {
    const index = source.build.platforms.length > 1;
    if (source.build.provenance && !buildKit && (engine === 'docker' || source.build.engine === undefined)) {
        const why = engine === 'podman' ? 'podman attaches no build attestations' : 'docker builds without BuildKit here';
        core.warning(`Input \`${constants/* Input */.pd.provenance}\` has no effect in this run: ${why}.`);
    }
    if (index && engine === 'podman' && source.build.cache !== undefined) {
        core.warning(`Input \`${constants/* Input */.pd.cacheRepository}\` has no effect in this run: podman builds several platforms without its layer cache (containers/podman#18723).`);
    }
    if (index && engine === 'docker' && !buildKit) {
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`\`${constants/* Input */.pd.platform}\` names ${source.build.platforms.length} platforms (${source.build.platforms.join(', ')}), which docker builds only with BuildKit (docker buildx), and it does not answer here: install buildx, or build one platform.`), 'engine-missing');
    }
    return { index, list: index && engine === 'podman' ? references[0] : undefined };
}
/** In an IMMUTABLE repository an extra tag that already exists cannot move; pushing it would fail the run. */
async function tagsFreeToPush(clients, source, repository) {
    const free = [];
    for (const tag of source.extraTags) {
        if (!(0,image_ecr/* tagIsImmutable */.rF)(repository, tag) || (await (0,image_ecr/* findImageDigest */.t3)(clients.ecr, source.repository, tag, source.registryId)) === undefined)
            free.push(tag);
        else
            core.warning(`Extra tag ${tag} already exists in the IMMUTABLE repository ${source.repository}; it is left where it is.`);
    }
    return free;
}
function ociLabels(config, source) {
    const { github } = config;
    const ours = [
        ['org.opencontainers.image.revision', github.sha || source.tag],
        ['org.opencontainers.image.created', new Date().toISOString()],
    ];
    if (github.repository)
        ours.splice(1, 0, ['org.opencontainers.image.source', `${github.serverUrl}/${github.repository}`]);
    return [...ours, ...source.build.labels.map(([key, value]) => [key, value])];
}
function prepare_image(repositoryUri, registry, tag, digest, origin) {
    return { uri: digest ? `${repositoryUri}@${digest}` : `${repositoryUri}:${tag}`, registry, tag, digest, origin, repositoryUri };
}
function hostOf(repositoryUri) {
    return (0,image_reference/* parseImageReference */.o_)(repositoryUri).host ?? '';
}

// EXTERNAL MODULE: ./src/scan/severity.ts
var severity = __webpack_require__(4902);
;// CONCATENATED MODULE: ./src/scan/findings.ts

/** The findings of one page of DescribeImageScanFindings, basic and enhanced alike. */
function findingsOf(page) {
    const basic = (page?.findings ?? []).map((finding) => {
        const attribute = (key) => finding.attributes?.find((candidate) => candidate.key === key)?.value;
        return {
            id: finding.name ?? '(unnamed)',
            severity: finding.severity ?? 'UNDEFINED',
            packageName: joinPackage(attribute('package_name'), attribute('package_version')),
            fixedIn: undefined,
        };
    });
    const enhanced = (page?.enhancedFindings ?? []).map((finding) => {
        const details = finding.packageVulnerabilityDetails;
        const packages = details?.vulnerablePackages ?? [];
        const fixes = packages.flatMap((vulnerable) => vulnerable.fixedInVersion === undefined || vulnerable.fixedInVersion === '' || vulnerable.fixedInVersion === 'NotAvailable'
            ? []
            : [vulnerable.fixedInVersion]);
        return {
            id: details?.vulnerabilityId ?? finding.title ?? '(unnamed)',
            severity: finding.severity ?? 'UNDEFINED',
            packageName: packages.length === 0
                ? undefined
                : packages.map((vulnerable) => joinPackage(vulnerable.name, vulnerable.version) ?? '?').join(', '),
            fixedIn: fixes.length === 0 ? undefined : [...new Set(fixes)].join(', '),
        };
    });
    return [...basic, ...enhanced];
}
function joinPackage(name, version) {
    if (name === undefined || name === '')
        return undefined;
    return version === undefined || version === '' ? name : `${name} ${version}`;
}
/** Worst first, then by id, so the top of the list is the same on every run. */
function worstFirst(findings) {
    return [...findings].sort((a, b) => (0,severity/* severityRank */.qs)(b.severity) - (0,severity/* severityRank */.qs)(a.severity) || a.id.localeCompare(b.id));
}
function scanStateOf(status) {
    const name = status?.status ?? '';
    if (name === 'COMPLETE' || name === 'ACTIVE')
        return { kind: 'done', status: name };
    if (name === 'PENDING' || name === 'IN_PROGRESS')
        return { kind: 'waiting', status: name };
    return { kind: 'unusable', status: name || '(no status)', description: status?.description ?? '' };
}

// EXTERNAL MODULE: ./src/scan/render.ts
var render = __webpack_require__(5001);
;// CONCATENATED MODULE: ./src/scan/target.ts



/** The image to read the scan of, or why there is none to read (`note`). Throws when the gate cannot apply. */
function scanTargetOf(config, image) {
    const source = config.image;
    if (source.kind === 'revision' || image.origin === 'revision')
        return { note: 'not read: `task-definition` names an existing revision, deployed as it is with the images it names.' };
    if (image.origin === 'planned')
        return { note: `not read: ${image.uri} is not pushed in a dry run; a real run reads its scan after the push.` };
    if (source.kind === 'build')
        return { target: { repository: source.repository, registryId: source.registryId, digest: image.digest } };
    // `image` given: only an image in ECR (pinned by digest on the way) has an ECR scan.
    const parsed = (0,image_reference/* parseImageReference */.o_)(source.reference);
    if (image.digest === '' || parsed.host === undefined) {
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`\`${constants/* Input */.pd.scanSeverityThreshold}\` needs the deployed image in ECR, but ${source.reference} is not an ECR image of ${config.auth.region}, so it has no ECR scan. Set it to \`none\` for this image, or push the image to ECR.`), 'scan-unusable');
    }
    return { target: { repository: parsed.repository, registryId: (0,image_reference/* parseEcrHost */.wl)(parsed.host)?.registryId, digest: image.digest } };
}

;// CONCATENATED MODULE: ./src/scan/wait-for-scan.ts
// Waits (bounded) for ECR's scan of one image and reads all its findings. Polls DescribeImageScanFindings
// with the project's one backoff scheme (shared/retry.ts): a scan not found yet, PENDING or IN_PROGRESS is
// "try again later", everything else ends the wait. When no scan exists (a repository without scan on
// push), a real run starts one (StartImageScan) once, since a platform team that set a threshold expects
// the gate to act rather than to ask them to turn scanning on; a dry run only reads.







/** `repository@digest`, and the platform of an image index's image: how every message names the image. */
function scanTargetName(target) {
    const name = `${target.repository}@${target.digest}`;
    return target.platform === undefined ? name : `${name} (${target.platform})`;
}
// The largest page ECR answers; a bound on pages keeps a huge report from turning into many calls.
const PAGE_SIZE = 1000;
const MAX_PAGES = 5;
// Basic scans finish in seconds; a poll every few seconds at most, then no more often than every 15 s.
const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 15_000;
/** Thrown between polls while the scan is not there yet; the retry loop waits on it. */
class ScanNotReady extends Error {
    status;
    constructor(status) {
        super(`the scan is ${status}`);
        this.status = status;
        this.name = 'ScanNotReady';
    }
}
/** Thrown when `cancelled` says a sibling wait has already failed: that failure is the answer. */
class WaitCancelled extends Error {
    constructor() {
        super('the wait for this scan stopped: the scan of another platform failed first');
        this.name = 'WaitCancelled';
    }
}
async function waitForScan(ecr, target, options) {
    const request = {
        repositoryName: target.repository,
        imageId: { imageDigest: target.digest },
        ...(target.registryId === undefined ? {} : { registryId: target.registryId }),
    };
    let started = false;
    let lastStatus = 'not found';
    const poll = async () => {
        if (options.cancelled?.() === true)
            throw new WaitCancelled();
        let first;
        try {
            first = await ecr.send(new client_ecr_dist_cjs/* DescribeImageScanFindingsCommand */.TQ0({ ...request, maxResults: PAGE_SIZE }));
        }
        catch (error) {
            if ((0,errors/* errorName */.Is)(error) !== 'ScanNotFoundException')
                throw explain('DescribeImageScanFindings', target, error);
            if (!options.mayStartScan)
                return { kind: 'no-scan' };
            if (!started) {
                started = true;
                await startScan(ecr, request, target);
            }
            throw new ScanNotReady('not found');
        }
        const state = scanStateOf(first.imageScanStatus);
        lastStatus = state.status;
        if (state.kind === 'waiting')
            throw new ScanNotReady(state.status);
        if (state.kind === 'unusable') {
            throw (0,failure_cause/* withFailureCause */.ms)(new Error(`ECR's scan of ${scanTargetName(target)} ended ${state.status}${state.description ? ` (${state.description})` : ''}, so the scan gate cannot vouch for the image.`), 'scan-unusable');
        }
        const findings = [...findingsOf(first.imageScanFindings)];
        let nextToken = first.nextToken;
        for (let page = 1; nextToken !== undefined && page < MAX_PAGES; page++) {
            const more = await ecr
                .send(new client_ecr_dist_cjs/* DescribeImageScanFindingsCommand */.TQ0({ ...request, maxResults: PAGE_SIZE, nextToken }))
                .catch((error) => {
                throw explain('DescribeImageScanFindings', target, error);
            });
            findings.push(...findingsOf(more.imageScanFindings));
            nextToken = more.nextToken;
        }
        return { kind: 'read', status: state.status, severityCounts: countsOf(first.imageScanFindings), findings };
    };
    try {
        return await (0,retry/* retry */.L5)(poll, {
            isRetryable: (error) => error instanceof ScanNotReady,
            maxAttempts: Number.MAX_SAFE_INTEGER,
            baseDelayMs: BASE_DELAY_MS,
            maxDelayMs: MAX_DELAY_MS,
            totalBudgetMs: options.timeoutMs,
            jitter: 'decorrelated',
            onRetry: (error) => core.info(`Waiting for ECR's scan of ${scanTargetName(target)}: ${(0,errors/* errorMessage */.gJ)(error)}.`),
            ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
            ...(options.now === undefined ? {} : { now: options.now }),
            ...(options.random === undefined ? {} : { random: options.random }),
        });
    }
    catch (error) {
        if (!(error instanceof retry/* RetryExhaustedError */.aB))
            throw error;
        const minutes = Math.round(options.timeoutMs / 60_000);
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`ECR's scan of ${scanTargetName(target)} was still ${lastStatus} after ${minutes} minute${minutes === 1 ? '' : 's'} (${error.attempts} reads), so the scan gate cannot vouch for the image.`), 'scan-timeout');
    }
}
function digestName(target) {
    return target.platform === undefined ? target.digest : `${target.digest} (${target.platform})`;
}
// ECR keeps the counts for the whole report; the findings' own list may be cut off by MAX_PAGES.
function countsOf(findings) {
    return findings?.findingSeverityCounts;
}
async function startScan(ecr, request, target) {
    try {
        await ecr.send(new client_ecr_dist_cjs/* StartImageScanCommand */.Qc9(request));
        core.info(`${target.repository} does not scan on push: started ECR's scan of ${digestName(target)} (StartImageScan).`);
    }
    catch (error) {
        // Basic scanning allows one manual scan a day per image: one already made (LimitExceeded) is what we wait for.
        if ((0,errors/* errorName */.Is)(error) === 'LimitExceededException') {
            core.info(`ECR already scanned ${digestName(target)} today (${(0,errors/* errorMessage */.gJ)(error)}); waiting for that scan.`);
            return;
        }
        if ((0,errors/* errorName */.Is)(error) === 'UnsupportedImageTypeException') {
            throw (0,failure_cause/* withFailureCause */.ms)(new Error(`ECR cannot scan ${scanTargetName(target)}: ${(0,errors/* errorMessage */.gJ)(error)} The scan gate cannot vouch for the image.`), 'scan-unusable');
        }
        throw explain('StartImageScan', target, error);
    }
}
function explain(operation, target, error) {
    const denied = (0,errors/* errorName */.Is)(error).startsWith('AccessDenied');
    const advice = denied
        ? `The role needs ${(0,aws_request_error/* refusedAction */.ff)(error) ?? `ecr:${operation}`} on the repository (or set \`scan-severity-threshold: none\`).`
        : ((0,aws_request_error/* rejectedCredentialsAdvice */.DQ)(error) ?? '');
    return new aws_request_error/* AwsRequestError */.nA('ECR', operation, `image "${scanTargetName(target)}"`, error, advice);
}

;// CONCATENATED MODULE: ./src/scan/index-scan.ts



async function waitForIndexScans(ecr, index, options) {
    const images = await readIndexImages(ecr, index);
    if (images === undefined)
        return { kind: 'not-an-index' };
    const scannable = images.filter((image) => image.digest !== '');
    // The OCI spec requires each entry's digest; an entry without one names no image to read.
    if (scannable.length === 0) {
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`The image index ${index.repository}@${index.digest} lists no platform image, so the scan gate has no image scan to read and cannot vouch for it.`), 'scan-unusable');
    }
    // The first failure is the answer; the waits it cancels end with WaitCancelled, which only follows it.
    const first = { failed: false };
    const settled = await Promise.allSettled(scannable.map((image) => waitForScan(ecr, { ...index, digest: image.digest, platform: image.platform }, { ...options, cancelled: () => first.failed }).catch((error) => {
        if (!first.failed)
            first.error = error;
        first.failed = true;
        throw error;
    })));
    if (first.failed)
        throw first.error;
    const scans = [];
    const unscanned = [];
    settled.forEach((outcome, position) => {
        const platform = scannable[position]?.platform ?? '';
        if (outcome.status !== 'fulfilled')
            return;
        if (outcome.value.kind === 'no-scan')
            unscanned.push(platform);
        else
            scans.push({ platform, ...outcome.value });
    });
    return unscanned.length > 0 ? { kind: 'no-scan', platforms: unscanned } : { kind: 'read', scans };
}

;// CONCATENATED MODULE: ./src/scan/union.ts
function unionOfScans(scans) {
    const severityCounts = {};
    const byKey = new Map();
    for (const scan of scans) {
        // ECR's counts cover every finding; without them (never seen), the findings read are counted instead.
        const counts = scan.severityCounts ?? countsOfFindings(scan.findings);
        for (const [severity, count] of Object.entries(counts)) {
            if (typeof count === 'number')
                severityCounts[severity] = (severityCounts[severity] ?? 0) + count;
        }
        for (const finding of scan.findings) {
            const key = `${finding.id}\u0000${finding.packageName ?? ''}`;
            const seen = byKey.get(key);
            if (seen === undefined)
                byKey.set(key, { finding, platforms: [scan.platform] });
            else if (!seen.platforms.includes(scan.platform))
                seen.platforms.push(scan.platform);
        }
    }
    return {
        status: [...new Set(scans.map((scan) => scan.status))].join(', '),
        severityCounts,
        findings: [...byKey.values()].map(({ finding, platforms }) => ({ ...finding, platforms })),
    };
}
/** Counts per severity of the findings themselves. */
function countsOfFindings(findings) {
    const counts = {};
    for (const finding of findings)
        counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
    return counts;
}

;// CONCATENATED MODULE: ./src/scan/scan-gate.ts
// The Image scan phase (`scan-severity-threshold`): after the push and before anything is registered,
// read ECR's scan of the deployed digest (of each platform's image, for an image index), waiting for it
// (bounded), and judge its findings. The phase
// returns its report; after-credentials.ts fails the run on it (`scanVerdict`) before the Task definition phase.









/**
 * The scan's wait is part of the step's whole wait (`wait-for-minutes`), and at most this long: a basic
 * scan ends in seconds and an enhanced one in a few minutes, so a scan still pending after this is stuck.
 */
const SCAN_WAIT_CAP_MINUTES = 10;
function scanWaitMinutes(waitMinutes) {
    return Math.min(waitMinutes, SCAN_WAIT_CAP_MINUTES);
}
async function gateOnScan(config, ecr, image, threshold, timing = {}) {
    const chosen = scanTargetOf(config, image);
    const base = { threshold, counts: [], blocking: 0, total: 0, top: [] };
    if ('note' in chosen) {
        core.info(`Image scan ${chosen.note}`);
        return { ...base, image: image.uri, status: '', note: chosen.note };
    }
    const { target } = chosen;
    const name = `${target.repository}@${target.digest}`;
    const options = {
        timeoutMs: scanWaitMinutes(config.deploy.waitMinutes) * 60_000,
        mayStartScan: !config.deploy.dryRun,
        ...timing,
    };
    // An image index has no scan of its own: each platform's image is read, and the verdict is on all of them.
    const indexRead = image.imageIndex === true ? await waitForIndexScans(ecr, target, options) : { kind: 'not-an-index' };
    if (indexRead.kind === 'no-scan') {
        const note = `not read: ECR has no scan of the ${indexRead.platforms.join(', ')} image${indexRead.platforms.length === 1 ? '' : 's'} of the image index ${name}, and a dry run starts none (a real run would start them and wait).`;
        core.info(`Image scan ${note}`);
        return { ...base, image: name, status: 'NOT_FOUND', note };
    }
    if (indexRead.kind === 'read') {
        const union = unionOfScans(indexRead.scans);
        return judged(threshold, name, union.status, union.severityCounts, union.findings, {
            platforms: indexRead.scans.map((scan) => scan.platform),
        });
    }
    const read = await waitForScan(ecr, target, options);
    if (read.kind === 'no-scan') {
        const note = `not read: ECR has no scan of ${name}, and a dry run starts none (a real run would start one and wait for it).`;
        core.info(`Image scan ${note}`);
        return { ...base, image: name, status: 'NOT_FOUND', note };
    }
    // ECR's counts cover every finding; without them (never seen), the findings read are counted instead.
    return judged(threshold, name, read.status, read.severityCounts ?? countsOfFindings(read.findings), read.findings, {});
}
function judged(threshold, image, status, rawCounts, findings, extra) {
    const counts = (0,severity/* severityCounts */.ur)(rawCounts);
    const sorted = worstFirst(findings);
    const report = {
        threshold,
        image,
        status,
        counts,
        blocking: (0,severity/* countAtOrAbove */.Lf)(counts, threshold),
        total: Math.max(sorted.length, counts.reduce((sum, [, count]) => sum + count, 0)),
        top: sorted.slice(0, render/* TOP_FINDINGS */.Zn),
        ...extra,
    };
    for (const line of (0,render/* scanLogLines */.J4)(report))
        core.info(line);
    return report;
}
/** The failure a scan report stands for: findings at or above the threshold. */
function scanVerdict(report) {
    return report.blocking > 0 ? (0,failure_cause/* withFailureCause */.ms)(new Error((0,render/* scanFailureMessage */.B0)(report)), 'scan-findings') : undefined;
}

// EXTERNAL MODULE: ./src/run/phases.ts
var phases = __webpack_require__(6681);
// EXTERNAL MODULE: ./src/run/run-record.ts
var run_record = __webpack_require__(9784);
;// CONCATENATED MODULE: ./src/service/describe-service.ts
// The service a deploy is about to update, as DescribeServices shows it before anything changes (the
// watch polls the service on its own, in src/watch/).



/** The service as DescribeServices shows it; an error saying what to check when it is missing or deleted. */
async function describeServiceToDeploy(ecs, cluster, service) {
    const resource = `service "${service}" in cluster "${cluster}"`;
    const response = await requestEcs('DescribeServices', resource, () => ecs.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [service] })));
    const failure = response.failures?.[0];
    if (failure !== undefined) {
        const reason = failure.reason ?? 'UNKNOWN';
        const hint = reason === 'MISSING'
            ? `check the service input, the cluster input and that aws-region is the region they live in`
            : `check the service and cluster names${failure.detail === undefined ? '' : ` (${failure.detail})`}`;
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`ECS DescribeServices found no ${resource} (reason ${reason}): ${hint}.`), 'service-not-found');
    }
    const found = response.services?.find((candidate) => candidate.serviceName === service || candidate.serviceArn === service) ?? response.services?.[0];
    if (found === undefined)
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`ECS DescribeServices returned nothing for ${resource}: check the service and cluster inputs.`), 'service-not-found');
    if (found.status === 'INACTIVE' || found.status === 'DRAINING') {
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(`The ${resource} is ${found.status} (deleted${found.status === 'DRAINING' ? ', its tasks still stopping' : ''}) and cannot be deployed to: recreate it with CreateService or check the service input.`), 'service-not-found');
    }
    return found;
}

;// CONCATENATED MODULE: ./src/task-definition/describe.ts
// Reads a registered revision with its tags, so the next revision keeps them.


/** A revision (family, `family:revision` or ARN) with its tags, so that the next revision keeps them. */
async function describeTaskDefinitionWithTags(ecs, arnOrFamily) {
    const resource = `task definition "${arnOrFamily}"`;
    const response = await requestEcs('DescribeTaskDefinition', resource, () => ecs.send(new client_ecs_dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: arnOrFamily, include: ['TAGS'] })));
    if (response.taskDefinition === undefined)
        throw new Error(`ECS DescribeTaskDefinition returned no definition for ${resource}.`);
    return { taskDefinition: response.taskDefinition, tags: response.tags ?? [] };
}

// EXTERNAL MODULE: ./src/task-definition/model.ts
var model = __webpack_require__(2452);
// EXTERNAL MODULE: ./src/task-definition/registrable.ts
var registrable = __webpack_require__(6474);
;// CONCATENATED MODULE: ./src/task-definition/diff.ts
// What registering a rendered definition would change, line by line, for the dry run. Pure.


/** Keys that identify an element of a list of objects, in order of preference. */
const IDENTITY_KEYS = ['name', 'key', 'containerName', 'deviceName', 'sourceVolume', 'containerPath'];
/**
 * What registering `after` would change compared with `before`, one readable line per difference:
 * `~ containerDefinitions[app].image: old → new`, `+ path: value`, `- path: value`. Read-only fields
 * are ignored, so a described revision can be compared with a rendered input.
 */
function diffTaskDefinitions(before, after) {
    const lines = [];
    diffValue('', (0,registrable/* registrableCopy */._)(before), (0,registrable/* registrableCopy */._)(after), lines);
    return lines;
}
function diffValue(path, before, after, lines) {
    if (deepEqual(before, after))
        return;
    if (before === undefined) {
        lines.push(`+ ${path}: ${formatValue(after)}`);
        return;
    }
    if (after === undefined) {
        lines.push(`- ${path}: ${formatValue(before)}`);
        return;
    }
    if ((0,model/* isRecord */.u4)(before) && (0,model/* isRecord */.u4)(after)) {
        const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !(key in before))];
        for (const key of keys)
            diffValue(path === '' ? key : `${path}.${key}`, before[key], after[key], lines);
        return;
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        diffArray(path, before, after, lines);
        return;
    }
    lines.push(`~ ${path}: ${formatValue(before)} → ${formatValue(after)}`);
}
function diffArray(path, before, after, lines) {
    const identity = IDENTITY_KEYS.find((key) => identifiesAll(before, key) && identifiesAll(after, key));
    if (identity !== undefined) {
        const id = (element) => String(element[identity]);
        const beforeIds = before.map(id);
        const afterIds = after.map(id);
        const countBefore = lines.length;
        for (const element of before) {
            diffValue(`${path}[${id(element)}]`, element, after.find((candidate) => id(candidate) === id(element)), lines);
        }
        for (const element of after) {
            if (!beforeIds.includes(id(element)))
                diffValue(`${path}[${id(element)}]`, undefined, element, lines);
        }
        if (lines.length === countBefore)
            lines.push(`~ ${path}: order ${beforeIds.join(', ')} → ${afterIds.join(', ')}`);
        return;
    }
    const allObjects = [...before, ...after].every(model/* isRecord */.u4);
    if (allObjects && before.length === after.length) {
        before.forEach((element, index) => diffValue(`${path}[${index}]`, element, after[index], lines));
        return;
    }
    lines.push(`~ ${path}: ${formatValue(before)} → ${formatValue(after)}`);
}
function identifiesAll(elements, key) {
    const ids = elements.map((element) => ((0,model/* isRecord */.u4)(element) ? element[key] : undefined));
    return ids.every((id) => typeof id === 'string' && id !== '') && new Set(ids).size === ids.length;
}
function formatValue(value) {
    if (typeof value === 'string' && value !== '' && value.trim() === value)
        return value;
    if (value instanceof Date)
        return value.toISOString();
    // JSON.stringify answers undefined (despite its type) for undefined and functions.
    const json = JSON.stringify(value);
    return json ?? String(value);
}
function deepEqual(a, b) {
    if (Object.is(a, b))
        return true;
    if (a instanceof Date && b instanceof Date)
        return a.getTime() === b.getTime();
    if (Array.isArray(a) && Array.isArray(b))
        return a.length === b.length && a.every((element, index) => deepEqual(element, b[index]));
    if ((0,model/* isRecord */.u4)(a) && (0,model/* isRecord */.u4)(b)) {
        const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
        const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
        return keysA.length === keysB.length && keysA.every((key) => deepEqual(a[key], b[key]));
    }
    return false;
}

// EXTERNAL MODULE: ./src/task-definition/edits/apply-edits.ts + 2 modules
var apply_edits = __webpack_require__(4087);
;// CONCATENATED MODULE: ./src/task-definition/render.ts



/**
 * The RegisterTaskDefinition input for `source` with the chosen containers' image replaced and the
 * edits made. Every field of the definition is kept, known to this code or not, except the read-only
 * ones; tags are passed back when there are any. The input is never modified.
 */
function renderTaskDefinition(source, change) {
    const copy = (0,registrable/* registrableCopy */._)(source.taskDefinition);
    if (!Array.isArray(copy['containerDefinitions']))
        throw new Error(`The task definition ${(0,model/* familyOf */.Ap)(source.taskDefinition)} has no containerDefinitions.`);
    if (typeof copy['family'] !== 'string' || copy['family'] === '')
        throw new Error('The task definition has no family.');
    const rendered = (0,apply_edits/* applyChanges */.Y)(copy, copy['family'], change);
    const tags = source.tags !== undefined && source.tags.length > 0 ? structuredClone([...source.tags]) : rendered['tags'];
    delete rendered['tags'];
    if (Array.isArray(tags) && tags.length > 0)
        rendered['tags'] = tags;
    // Checked above: family is a string and containerDefinitions an array; the rest is carried as it came.
    return rendered;
}

;// CONCATENATED MODULE: ./src/task-definition/select-container.ts
// Chooses the container whose image a deploy replaces: by name, else by the repository its image
// comes from, compared by the one image-reference parser. Pure.


/**
 * The name of the container whose image we replace: the named one, else the only one whose image comes
 * from the repository; with no repository to match (none known), the only container there is. Anything
 * ambiguous is an error asking for `container-name`.
 */
function selectContainer(definition, selector) {
    const containers = (0,model/* namedContainers */.Ch)(definition);
    const { containerName, repositoryUri } = selector;
    if (containerName !== undefined && containerName !== '') {
        const found = containers.find((container) => container.name === containerName);
        if (found === undefined) {
            throw new Error(`The task definition ${(0,model/* familyOf */.Ap)(definition)} has no container named "${containerName}"; its containers are ${(0,model/* listNames */.Zv)(containers)}. Set container-name to one of them.`);
        }
        return found.name;
    }
    if (repositoryUri === undefined || repositoryUri === '') {
        const only = containers.length === 1 ? containers[0] : undefined;
        if (only !== undefined)
            return only.name;
        throw new Error(`The task definition ${(0,model/* familyOf */.Ap)(definition)} has ${containers.length} containers (${listImages(containers)}); set container-name to the one whose image should change.`);
    }
    const wanted = (0,image_reference/* tryParseImageReference */.tj)(repositoryUri);
    const matching = containers.filter((container) => container.image !== undefined && sameRepository((0,image_reference/* tryParseImageReference */.tj)(container.image), wanted));
    const [first, ...others] = matching;
    if (first !== undefined && others.length === 0)
        return first.name;
    const problem = first === undefined
        ? `no container of the task definition ${(0,model/* familyOf */.Ap)(definition)} uses an image from ${repositoryUri}`
        : `${matching.length} containers of the task definition ${(0,model/* familyOf */.Ap)(definition)} use images from ${repositoryUri}`;
    throw new Error(`${capitalise(problem)} (containers: ${listImages(containers)}); set container-name to the one whose image should change.`);
}
/** An image unreadable as a reference (ECS stores what it was given) is from no repository we could name. */
function sameRepository(image, wanted) {
    if (image === undefined || image.repository !== wanted?.repository)
        return false;
    // Hosts are DNS names: case does not matter. A wanted path without a host matches on any registry.
    return wanted.host === undefined || image.host?.toLowerCase() === wanted.host.toLowerCase();
}
function listImages(containers) {
    return containers.map((container) => `${container.name} → ${container.image ?? '(no image)'}`).join(', ');
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** The containers that get the deployed image: each one named (checked to exist), else the one `selectContainer` picks. */
function selectContainers(definition, selector) {
    if (selector.containerNames.length === 0)
        return [selectContainer(definition, { repositoryUri: selector.repositoryUri })];
    return selector.containerNames.map((containerName) => selectContainer(definition, { containerName }));
}

// EXTERNAL MODULE: ./src/codedeploy/appspec.ts
var codedeploy_appspec = __webpack_require__(5346);
// EXTERNAL MODULE: ./src/codedeploy/names.ts
var codedeploy_names = __webpack_require__(4290);
;// CONCATENATED MODULE: ./src/codedeploy/plan-lines.ts




function controllerPlanLines(controller, request) {
    const name = `${request.cluster}/${request.service}`;
    if (controller.type === 'EXTERNAL')
        return [`${name}: refused: ${externalControllerRefusal(request.service)}`];
    const names = (0,codedeploy_names/* codeDeployNames */.z)(request.config, request.cluster, request.service);
    const balancer = controller.loadBalancer;
    const appspec = request.config.appspec?.document ??
        (balancer === undefined ? undefined : (0,codedeploy_appspec/* defaultAppSpec */.Us)(balancer.containerName, balancer.containerPort));
    return [
        `CodeDeploy CreateDeployment ${name}: ${request.revision}`,
        `  application: ${names.application}${names.byConvention ? ' (the ECS console’s name; used only if it and the group exist)' : ''}`,
        `  deployment group: ${names.deploymentGroup}`,
        `  deployment config: ${request.config.deploymentConfig ?? "the deployment group's"}`,
        appspec === undefined
            ? `  appspec: none: the service has no load balancer container and port to generate one from; give \`${constants/* Input */.pd.codedeployAppspec}\``
            : `  appspec (${request.config.appspec === undefined ? 'generated from the service’s load balancer' : request.config.appspec.file}): ${(0,codedeploy_appspec/* appSpecContent */.uo)(appspec, request.revision)}`,
    ];
}

;// CONCATENATED MODULE: ./src/task-definition/plan.ts









async function planDeployment(config, ecs, image) {
    const { cluster, services } = config.deploy;
    const current = await Promise.all(services.map((service) => describeServiceToDeploy(ecs, cluster, service)));
    const renders = [];
    const renderIndex = new Map();
    const addRender = (origin, source) => {
        const known = renderIndex.get(origin);
        if (known !== undefined)
            return known;
        const containerNames = selectContainers(source.taskDefinition, {
            containerNames: config.taskDefinition.containerNames,
            repositoryUri: image.repositoryUri,
        });
        const input = renderTaskDefinition(source, {
            containerNames,
            image: image.uri,
            otherImages: image.otherImages,
            edits: config.taskDefinition.edits,
        });
        // Tags travel beside the definition; compare like with like so the dry-run diff shows no phantom tag changes.
        renders.push({
            origin,
            before: { ...source.taskDefinition, ...(source.tags?.length ? { tags: source.tags } : {}) },
            input,
            containerNames,
        });
        renderIndex.set(origin, renders.length - 1);
        return renders.length - 1;
    };
    // Each running revision is described once, however many services run it.
    const described = new Map();
    const describeOnce = async (arn) => {
        const known = described.get(arn) ?? (await describeTaskDefinitionWithTags(ecs, arn));
        described.set(arn, known);
        return known;
    };
    const { file, fromFile } = config.taskDefinition;
    const targets = [];
    const now = [];
    for (const [index, service] of services.entries()) {
        const description = collections_itemAt(current, index);
        const previousTaskDefinitionArn = description.taskDefinition ?? '';
        let render;
        let running;
        if (fromFile !== undefined && file !== undefined) {
            render = addRender(file, fromFile);
            // Described too: it is what the file's rendering is compared with.
            running = previousTaskDefinitionArn === '' ? undefined : await describeOnce(previousTaskDefinitionArn);
        }
        else {
            // Services sharing one definition get the same new revision.
            running = await describeOnce(previousTaskDefinitionArn);
            render = addRender(previousTaskDefinitionArn, running);
        }
        targets.push({ service, previousTaskDefinitionArn, render, ...controllerOf(description) });
        now.push({ service: description, running });
    }
    return { targets, renders, now };
}
/** The dry run's plan: one diff per definition that would be registered, then what would happen to each service. */
function describePlan(plan, config, decisions) {
    const lines = [];
    for (const [index, render] of plan.renders.entries()) {
        const using = decisions.filter((decision) => decision.target.render === index);
        const registering = using.filter((decision) => decision.kind === 'register').map((decision) => decision.target.service);
        if (registering.length === 0) {
            lines.push(`# ${render.origin}: no change for ${using.map((decision) => decision.target.service).join(', ')}`, '  (no change)');
            continue;
        }
        lines.push(`# ${render.origin} → new revision of ${render.input.family ?? '?'} for ${registering.join(', ')}`);
        const changes = diffTaskDefinitions(render.before, render.input);
        lines.push(...(changes.length > 0 ? changes : ['  (no change besides a new revision)']));
    }
    for (const decision of decisions) {
        const { controller } = decision.target;
        const moving = decision.kind === 'register' || decision.kind === 'redeploy' || decision.kind === 'switch';
        if (controller === undefined || !moving)
            lines.push(`# ${plannedStep(decision, config.deploy.cluster)}`);
        else {
            const revision = decision.kind === 'register' ? 'the new revision' : decision.taskDefinitionArn;
            const request = { cluster: config.deploy.cluster, service: decision.target.service, revision, config: config.codeDeploy };
            lines.push(...controllerPlanLines(controller, request).map((line) => `# ${line}`));
        }
    }
    return lines;
}
function plannedStep(decision, cluster) {
    const name = `${cluster}/${decision.target.service}`;
    const previous = decision.target.previousTaskDefinitionArn || '(none)';
    switch (decision.kind) {
        case 'unchanged':
            return `${name}: no change (already runs ${previous} with this image and settings)`;
        case 'follow':
            return `${name}: no change (already rolling out ${previous}; the deploy would follow deployment ${decision.deploymentId})`;
        case 'rescale':
            return `UpdateService ${name}: ${describeSettingChanges(decision.changes)} on ${previous}, no new revision or deployment`;
        case 'redeploy':
            return `UpdateService ${name}: ${previous} again, no new revision (${decision.why})`;
        case 'switch':
            return `UpdateService ${name}: ${previous} → ${decision.taskDefinitionArn} (an existing revision, deployed as it is; nothing registered)`;
        case 'register':
            return `UpdateService ${name}: ${previous} → new revision`;
    }
}

;// CONCATENATED MODULE: ./src/task-definition/register.ts
// Registers the planned revisions: one RegisterTaskDefinition per rendered definition, sent exactly as
// rendered.



/** Registers `input` exactly as given and returns the new revision (its ARN is always present). */
async function registerTaskDefinition(ecs, input) {
    const resource = `task definition family "${input.family ?? ''}"`;
    const response = await requestEcs('RegisterTaskDefinition', resource, () => ecs.send(new client_ecs_dist_cjs/* RegisterTaskDefinitionCommand */.$Hl(input)), input);
    const registered = response.taskDefinition;
    const arn = registered?.taskDefinitionArn;
    if (registered === undefined || arn === undefined)
        throw new Error(`ECS RegisterTaskDefinition answered without the new revision's ARN for ${resource}.`);
    return { ...registered, taskDefinitionArn: arn };
}
async function registerRevisions(ecs, plan) {
    const registered = [];
    for (const render of plan.renders) {
        const definition = await registerTaskDefinition(ecs, render.input);
        const images = render.containerNames.map((name) => `${name} → ${imageOf(definition, name)}`).join(', ');
        core.info(`Registered ${definition.taskDefinitionArn} (container${render.containerNames.length === 1 ? '' : 's'} ${images})`);
        registered.push(definition);
    }
    return registered;
}
function imageOf(definition, containerName) {
    return definition.containerDefinitions?.find((container) => container.name === containerName)?.image ?? '?';
}

;// CONCATENATED MODULE: ./src/task-definition/equality.ts




/** Container fields ECS fills in on registration when they are absent (DescribeTaskDefinition shows them). */
const CONTAINER_DEFAULTS = { essential: true, cpu: 0 };
/** A health check's interval, timeout and retries as ECS stores them when left out. */
const HEALTH_CHECK_DEFAULTS = { interval: 30, timeout: 5, retries: 3 };
/** Task fields ECS answers with a value that means "not set". */
const TASK_DEFAULTS = { enableFaultInjection: false };
/**
 * What registering `wanted` would change compared with the `current` revision, one line per difference
 * as the dry-run diff writes them; empty when ECS would store the same definition.
 */
function taskDefinitionChanges(current, wanted) {
    const before = asStored({ ...current.taskDefinition, tags: [...current.tags] });
    const after = asStored(wanted);
    return diffTaskDefinitions(before, after);
}
/**
 * A definition (described, or the input of RegisterTaskDefinition with its tags inside) in the form ECS
 * stores it, for comparison only: read-only fields dropped, defaults filled, sets sorted, images by digest.
 */
function asStored(definition) {
    const copy = Object.fromEntries(Object.entries((0,registrable/* registrableCopy */._)(definition)).filter(([key, value]) => TASK_DEFAULTS[key] !== value));
    if (Array.isArray(copy['tags']))
        copy['tags'] = sortedBy(copy['tags'], 'key', 'value');
    const networkMode = copy['networkMode'];
    if (Array.isArray(copy['containerDefinitions'])) {
        copy['containerDefinitions'] = copy['containerDefinitions'].map((container) => (0,model/* isRecord */.u4)(container) ? containerAsStored(container, networkMode) : container);
    }
    return withoutEmpty(copy);
}
function containerAsStored(container, networkMode) {
    const stored = { ...CONTAINER_DEFAULTS, ...definedOnly(container) };
    if (typeof stored['image'] === 'string')
        stored['image'] = imageByDigest(stored['image']);
    if (Array.isArray(stored['environment']))
        stored['environment'] = sortedBy(stored['environment'], 'name', 'value');
    if (Array.isArray(stored['secrets']))
        stored['secrets'] = sortedBy(stored['secrets'], 'name', 'valueFrom');
    if (Array.isArray(stored['portMappings'])) {
        stored['portMappings'] = stored['portMappings'].map((mapping) => (0,model/* isRecord */.u4)(mapping) ? portMappingAsStored(mapping, networkMode) : mapping);
    }
    if ((0,model/* isRecord */.u4)(stored['healthCheck']))
        stored['healthCheck'] = { ...HEALTH_CHECK_DEFAULTS, ...definedOnly(stored['healthCheck']) };
    return stored;
}
/** ECS stores `protocol: tcp` when none is given, and in awsvpc mode the host port is the container port. */
function portMappingAsStored(mapping, networkMode) {
    const stored = { protocol: 'tcp', ...definedOnly(mapping) };
    if (networkMode === 'awsvpc' && stored['hostPort'] === undefined && typeof stored['containerPort'] === 'number') {
        stored['hostPort'] = stored['containerPort'];
    }
    return stored;
}
/**
 * An image pinned by digest is that digest in that repository, whatever tag is written beside it; the
 * registry host is a DNS name, so its case does not matter. An image named only by tag is left as
 * written: what the tag pointed to when the service deployed it is not in the definition.
 */
function imageByDigest(image) {
    const reference = (0,image_reference/* tryParseImageReference */.tj)(image);
    if (reference?.digest === undefined)
        return image;
    const host = reference.host === undefined ? '' : `${reference.host.toLowerCase()}/`;
    return `${host}${reference.repository}@${reference.digest}`;
}
/** ECS keeps these lists in any order and means the same: sort by their keys so order never counts. */
function sortedBy(list, key, then) {
    const text = (element, field) => {
        const value = (0,model/* isRecord */.u4)(element) ? element[field] : undefined;
        return typeof value === 'string' ? value : JSON.stringify(value ?? null);
    };
    return [...list].sort((a, b) => compare(text(a, key), text(b, key)) || compare(text(a, then), text(b, then)));
}
function compare(a, b) {
    if (a < b)
        return -1;
    return a > b ? 1 : 0;
}
function definedOnly(record) {
    return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null));
}
/** ECS answers an absent list or structure as an empty one (`environment: []`, `volumes: []`, …): both mean nothing set. */
function withoutEmpty(value) {
    if (Array.isArray(value))
        return value.map(withoutEmpty);
    if (!(0,model/* isRecord */.u4)(value))
        return value;
    const kept = {};
    for (const [key, element] of Object.entries(value)) {
        const cleaned = withoutEmpty(element);
        if (cleaned === undefined || cleaned === null)
            continue;
        if (Array.isArray(cleaned) && cleaned.length === 0)
            continue;
        if ((0,model/* isRecord */.u4)(cleaned) && Object.keys(cleaned).length === 0)
            continue;
        kept[key] = cleaned;
    }
    return kept;
}

;// CONCATENATED MODULE: ./src/service/decision.ts



function decideService(facts) {
    const { target, service, running } = facts;
    const current = service.taskDefinition ?? '';
    if (running === undefined || current === '')
        return { kind: 'register', target, changes: [] };
    const changes = taskDefinitionChanges(running, facts.wanted);
    if (changes.length > 0)
        return { kind: 'register', target, changes };
    return decideOnItsRevision({ ...facts, taskDefinition: running.taskDefinition });
}
/** What the service runs (`service.taskDefinition`) is what the deploy wants: what, if anything, is left to do. */
function decideOnItsRevision(facts) {
    const { target, service, taskDefinition } = facts;
    const current = service.taskDefinition ?? '';
    const redeploy = (why) => ({ kind: 'redeploy', target, taskDefinitionArn: current, taskDefinition, why });
    if (facts.forceNewDeployment)
        return redeploy('force-new-deployment is true');
    const settings = settingChanges(service, facts.settings ?? NO_SETTINGS);
    // Running tasks keep their tags and ECS Exec setting: only a deployment's new tasks get the new ones.
    if (settings.some((change) => change.needsNewTasks))
        return redeploy(`${describeSettingChanges(settings)} reaches running tasks only through new ones`);
    const primary = service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
    if (primary?.taskDefinition !== current)
        return redeploy('ECS shows no primary deployment of it');
    const deploymentId = service.currentServiceDeployment ?? primary.id ?? '';
    switch (primary.rolloutState) {
        case 'COMPLETED':
            return settings.length > 0
                ? { kind: 'rescale', target, taskDefinitionArn: current, deploymentId, changes: settings }
                : { kind: 'unchanged', target, taskDefinitionArn: current, deploymentId };
        case 'IN_PROGRESS':
            // A new count in the middle of a rollout: roll out again with it rather than follow the old count.
            if (settings.length > 0)
                return redeploy(`${describeSettingChanges(settings)} while deployment ${primary.id ?? ''} rolls out`);
            return {
                kind: 'follow',
                target,
                taskDefinitionArn: current,
                taskDefinition,
                deploymentId: primary.id ?? '',
                serviceDeploymentArn: service.currentServiceDeployment,
                startedAt: primary.createdAt ?? new Date(0),
                replacing: replacedRevision(service.deployments ?? [], primary, current),
            };
        default:
            // A failed rollout is what a re-run is meant to repair: deploy again.
            return redeploy(`its last deployment ${primary.id ?? ''} is ${primary.rolloutState ?? 'without a rollout state'}${primary.rolloutStateReason ? ` (${primary.rolloutStateReason})` : ''}`);
    }
}
/** The revision the other (ACTIVE) deployments still run, when it is another one. */
function replacedRevision(deployments, primary, current) {
    const other = deployments.find((deployment) => deployment !== primary && deployment.taskDefinition && deployment.taskDefinition !== current);
    return other?.taskDefinition ?? '';
}
/** One log line per service, saying what the deploy does to it and why. */
function decisionLine(decision, cluster) {
    const name = `${cluster}/${decision.target.service}`;
    switch (decision.kind) {
        case 'unchanged':
            return `${name} already runs this image and settings (${decision.taskDefinitionArn}, deployment completed): nothing to register or deploy.`;
        case 'follow':
            return `${name} is already rolling out this image and settings (${decision.taskDefinitionArn}): following deployment ${decision.deploymentId} instead of starting another.`;
        case 'rescale':
            return `${name} already runs this image and settings (${decision.taskDefinitionArn}) but ${describeSettingChanges(decision.changes)}: updating the service without a new revision or deployment.`;
        case 'redeploy':
            return `${name} already has this image and settings (${decision.taskDefinitionArn}) but ${decision.why}: rolling it out again without registering a new revision.`;
        case 'switch':
            return `${name}: ${decision.target.previousTaskDefinitionArn || '(none)'} → ${decision.taskDefinitionArn}, an existing revision deployed as it is: nothing to register.`;
        case 'register':
            return decision.changes.length > 0
                ? `${name}: ${String(decision.changes.length)} change${decision.changes.length === 1 ? '' : 's'} against ${decision.target.previousTaskDefinitionArn}: registering a new revision.`
                : `${name}: registering a new revision.`;
    }
}
/** Every service of the plan, each decided on its own, in the plan's order. */
function decideServices(plan, forceNewDeployment, settings = NO_SETTINGS) {
    return plan.targets.map((target, index) => {
        const { service, running } = collections_itemAt(plan.now, index);
        return decideService({ target, service, running, wanted: collections_itemAt(plan.renders, target.render).input, forceNewDeployment, settings });
    });
}
/** Every service moved to the existing revision `task-definition` names, each decided on its own. */
function decideExistingRevision(plan, revision, forceNewDeployment, settings = NO_SETTINGS) {
    return plan.targets.map((target, index) => {
        const { service } = collections_itemAt(plan.now, index);
        if (service.taskDefinition === revision.arn)
            return decideOnItsRevision({ target, service, forceNewDeployment, settings, taskDefinition: revision.taskDefinition });
        return { kind: 'switch', target, taskDefinitionArn: revision.arn, taskDefinition: revision.taskDefinition };
    });
}

;// CONCATENATED MODULE: ./src/task-definition/existing-revision.ts
// The Task definition phase when `task-definition` names an existing revision (`my-app:7` or its ARN):
// the revision is deployed as it is, so nothing is rendered or registered. DescribeTaskDefinition confirms
// it exists and is ACTIVE before any UpdateService, and gives the ARN UpdateService is sent (the IAM
// condition `ecs:task-definition` compares ARNs).





/** The revision `task-definition` names; an error naming it when ECS has no such revision or it is deregistered. */
async function describeExistingRevision(ecs, reference) {
    const resource = `task definition revision "${reference}" (input \`${constants/* Input */.pd.taskDefinition}\`)`;
    const response = await requestEcs('DescribeTaskDefinition', resource, () => ecs.send(new client_ecs_dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: reference })));
    const taskDefinition = response.taskDefinition;
    const arn = taskDefinition?.taskDefinitionArn;
    if (taskDefinition === undefined || arn === undefined)
        throw new Error(`ECS DescribeTaskDefinition returned no definition for ${resource}.`);
    if (taskDefinition.status === 'INACTIVE' || taskDefinition.status === 'DELETE_IN_PROGRESS') {
        throw new Error(`The ${resource} is ${taskDefinition.status} (deregistered): ECS deploys only ACTIVE revisions. Pick an ACTIVE revision of ${taskDefinition.family ?? 'the family'}, or deploy from a file.`);
    }
    return { arn, taskDefinition };
}
/** Every service as it is now, beside the revision they all move to; no render, since nothing is registered. */
async function planExistingRevision(config, ecs, reference) {
    const { cluster, services } = config.deploy;
    // The revision first: when it does not exist, no service is even read.
    const revision = await describeExistingRevision(ecs, reference);
    const current = await Promise.all(services.map((service) => describeServiceToDeploy(ecs, cluster, service)));
    return {
        revision,
        plan: {
            renders: [],
            targets: services.map((service, index) => ({
                service,
                previousTaskDefinitionArn: current[index]?.taskDefinition ?? '',
                render: 0,
                ...controllerOf(current[index] ?? {}),
            })),
            now: current.map((service) => ({ service, running: undefined })),
        },
    };
}

;// CONCATENATED MODULE: ./src/task-definition/platform-check.ts
// Whether the deployed image can run where each rendered task definition places its tasks, checked
// before RegisterTaskDefinition: an amd64-only image in an ARM64 task definition would register, roll
// out and then fail every task with `exec format error`. Pure.



/** The sentence that stops the deploy, or undefined when every definition can run the image (or it is not known where). */
function platformRefusal(renders, image) {
    const platforms = image.platforms ?? [];
    for (const render of renders) {
        const mismatch = (0,image_platforms/* platformMismatch */.ky)(platforms, render.input);
        if (mismatch === undefined)
            continue;
        return `The task definition ${(0,model/* familyOf */.Ap)(render.input)} (from ${render.origin}) cannot run ${image.uri}: its ${mismatch}. Build for the platform it needs (\`${constants/* Input */.pd.platform}\`, several comma separated), or change its runtimePlatform; nothing was registered.`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/codedeploy/unused-inputs.ts

/** One warning per `codedeploy-*` input given, in action.yml's order, when no service is deployed through CodeDeploy. */
function unusedCodeDeployInputs(config, targets) {
    if (targets.length === 0 || targets.some((target) => target.controller?.type === 'CODE_DEPLOY'))
        return [];
    const given = [
        ...(config.application === undefined ? [] : [constants/* Input */.pd.codedeployApplication]),
        ...(config.deploymentGroup === undefined ? [] : [constants/* Input */.pd.codedeployDeploymentGroup]),
        ...(config.appspec === undefined ? [] : [constants/* Input */.pd.codedeployAppspec]),
        ...(config.deploymentConfig === undefined ? [] : [constants/* Input */.pd.codedeployDeploymentConfig]),
    ];
    const controllers = targets.map((target) => `${target.service}: ${target.controller?.type ?? 'ECS'}`).join(', ');
    const why = targets.length === 1
        ? `the service has no CODE_DEPLOY deployment controller (${controllers})`
        : `no service of this deploy has the CODE_DEPLOY deployment controller (${controllers})`;
    return given.map((input) => ({ input, message: `Input \`${input}\` has no effect in this run: ${why}.` }));
}

;// CONCATENATED MODULE: ./src/run/definitions-phase.ts
// The Task definition phase: render the revision each service would get, decide per service whether
// anything changes, and register what a deploy (not a dry run) needs.









async function defineRevisions(config, aws, image) {
    const existing = config.taskDefinition.revision;
    if (existing !== undefined)
        return deployExistingRevision(config, aws, existing);
    const plan = await planDeployment(config, aws.ecs, image);
    warnUnusedCodeDeployInputs(config, plan);
    const refusal = platformRefusal(plan.renders, image);
    if (refusal !== undefined)
        throw (0,failure_cause/* withFailureCause */.ms)(new Error(refusal), 'invalid-definition');
    // Each service on its own: one already running this image and settings gets nothing registered or deployed.
    const decisions = decideServices(plan, config.deploy.forceNewDeployment, config.deploy.settings);
    for (const decision of decisions)
        core.info(decisionLine(decision, config.deploy.cluster));
    const registering = registrationPlan(plan, decisions);
    if (config.deploy.dryRun)
        return { plan, decisions, registering, registered: [], described: describePlan(plan, config, decisions) };
    const registered = registering.renders.length > 0 ? await registerRevisions(aws.ecs, registering) : [];
    return { plan, decisions, registering, registered, described: [] };
}
/** `task-definition` names an existing revision: every service moves to it as it is, nothing is registered. */
async function deployExistingRevision(config, aws, reference) {
    const { plan, revision } = await planExistingRevision(config, aws.ecs, reference);
    warnUnusedCodeDeployInputs(config, plan);
    core.info(`Deploying the existing revision ${revision.arn} as it is: nothing is rendered or registered.`);
    const decisions = decideExistingRevision(plan, revision, config.deploy.forceNewDeployment, config.deploy.settings);
    for (const decision of decisions)
        core.info(decisionLine(decision, config.deploy.cluster));
    const registering = { renders: [], targets: [] };
    const described = config.deploy.dryRun ? describePlan(plan, config, decisions) : [];
    return { plan, decisions, registering, registered: [], described };
}
/** The `codedeploy-*` inputs have no effect when DescribeServices showed no CODE_DEPLOY service: said as the inputs' own warnings are. */
function warnUnusedCodeDeployInputs(config, plan) {
    for (const { input, message } of unusedCodeDeployInputs(config.codeDeploy, plan.targets))
        core.warning(message, { title: `Input ${input}` });
}

;// CONCATENATED MODULE: ./src/service/strategy.ts
const STRATEGY_WORDS = {
    ROLLING: 'rolling',
    BLUE_GREEN: 'blue/green',
    LINEAR: 'linear',
    CANARY: 'canary',
};
function describeStrategy(service) {
    const controller = service.deploymentController?.type ?? 'ECS';
    // The other controllers take no UpdateService of the revision: say which one, the deploy will tell why.
    if (controller === 'CODE_DEPLOY')
        return 'CodeDeploy (blue/green through CodeDeploy)';
    if (controller === 'EXTERNAL')
        return 'external controller';
    const configuration = service.deploymentConfiguration;
    const strategy = configuration?.strategy ?? 'ROLLING';
    const words = [STRATEGY_WORDS[strategy] ?? strategy.toLowerCase()];
    if (strategy === 'ROLLING' && configuration?.minimumHealthyPercent !== undefined && configuration.maximumPercent !== undefined) {
        words.push(`${String(configuration.minimumHealthyPercent)}–${String(configuration.maximumPercent)} %`);
    }
    const breaker = configuration?.deploymentCircuitBreaker;
    if (breaker?.enable === true)
        words.push(breaker.rollback === true ? 'circuit breaker with rollback' : 'circuit breaker without rollback');
    if ((configuration?.bakeTimeInMinutes ?? 0) > 0)
        words.push(`bake time ${String(configuration?.bakeTimeInMinutes)} min`);
    return words.length === 1 ? (words[0] ?? '') : `${words[0] ?? ''} (${words.slice(1).join(', ')})`;
}

;// CONCATENATED MODULE: ./src/watch/batching.ts
/** The most each ECS read accepts in one call. */
const BATCH_LIMITS = Object.freeze({
    describeServices: 10,
    describeServiceDeployments: 20,
    describeTasks: 100,
});
function chunk(items, size) {
    if (!Number.isInteger(size) || size < 1)
        throw new Error(`internal error: chunk size ${String(size)}`);
    const chunks = [];
    for (let start = 0; start < items.length; start += size)
        chunks.push(items.slice(start, start + size));
    return chunks;
}
/** Items grouped by cluster (clusters in order of first appearance), without repeats, then cut to `size`. */
function clusterBatches(entries, size) {
    const byCluster = new Map();
    for (const { cluster, item } of entries) {
        const items = byCluster.get(cluster) ?? [];
        if (!items.includes(item))
            items.push(item);
        byCluster.set(cluster, items);
    }
    return [...byCluster].flatMap(([cluster, items]) => chunk(items, size).map((part) => ({ cluster, items: part })));
}
/** The DescribeServices calls of one poll. */
function serviceBatches(keys) {
    return clusterBatches(keys.map(({ cluster, service }) => ({ cluster, item: service })), BATCH_LIMITS.describeServices);
}
/** The name in a service ARN (both ARN formats end in the name), or the name itself. */
function serviceNameOf(reference) {
    return reference.startsWith('arn:') ? (reference.split('/').at(-1) ?? reference) : reference;
}
function isService(reference, candidate) {
    return candidate.serviceArn === reference || candidate.serviceName === serviceNameOf(reference);
}
/** Hands each service its part of the answers to `batches` (as serviceBatches made them), in the order of `keys`. */
function fanOutServices(keys, batches, answers) {
    return keys.map(({ cluster, service }) => {
        const index = batches.findIndex((batch) => batch.cluster === cluster && batch.items.includes(service));
        const answer = answers[index];
        if (index < 0 || answer === undefined)
            throw new Error(`internal error: no batch for service ${service} in cluster ${cluster}`);
        if (!answer.ok)
            return { kind: 'failed', error: answer.error };
        const found = answer.value.services?.find((candidate) => isService(service, candidate));
        if (found !== undefined)
            return { kind: 'found', service: found };
        const failure = answer.value.failures?.find((entry) => entry.arn !== undefined && isService(service, { serviceArn: entry.arn, serviceName: serviceNameOf(entry.arn) }));
        const reason = failure?.reason === undefined ? 'MISSING' : `${failure.reason}${failure.detail === undefined ? '' : `: ${failure.detail}`}`;
        return { kind: 'missing', reason };
    });
}
/** ARNs without repeats, cut to `size`: service deployments are not per cluster. */
function arnBatches(arns, size) {
    return chunk([...new Set(arns)], size);
}
/** Each service deployment by its ARN, from the answers of arnBatches; the ARNs of a failed call map to its error. */
function fanOutServiceDeployments(batches, answers) {
    const byArn = new Map();
    for (const [index, batch] of batches.entries()) {
        const answer = answers[index];
        if (answer === undefined)
            throw new Error(`internal error: no answer for batch ${String(index)}`);
        for (const arn of batch) {
            // An ARN ECS did not describe (its failures[]) is a service deployment we cannot see this poll.
            byArn.set(arn, answer.ok
                ? { ok: true, value: answer.value.serviceDeployments?.find((deployment) => deployment.serviceDeploymentArn === arn) }
                : answer);
        }
    }
    return byArn;
}
/** The DescribeTasks calls of one poll, per cluster. */
function taskBatches(requests) {
    return clusterBatches(requests.flatMap(({ cluster, taskArns }) => taskArns.map((item) => ({ cluster, item }))), BATCH_LIMITS.describeTasks);
}
/** Each request's tasks, from the answers of taskBatches, in the order of `requests`; a failed call gives its error. */
function fanOutTasks(requests, batches, answers) {
    return requests.map(({ cluster, taskArns }) => {
        const tasks = [];
        for (const arn of taskArns) {
            const index = batches.findIndex((batch) => batch.cluster === cluster && batch.items.includes(arn));
            const answer = answers[index];
            if (index < 0 || answer === undefined)
                throw new Error(`internal error: no batch for task ${arn}`);
            if (!answer.ok)
                return answer;
            const task = answer.value.tasks?.find((candidate) => candidate.taskArn === arn);
            if (task !== undefined)
                tasks.push(task);
        }
        return { ok: true, value: tasks };
    });
}

// EXTERNAL MODULE: ./src/watch/poll-policy.ts
var poll_policy = __webpack_require__(9301);
;// CONCATENATED MODULE: ./src/watch/call-budget.ts
// The call budget of the deployment watch: every ECS and CloudWatch Logs call of the step's watch, kept
// within one calls-per-minute budget in any sliding minute (POLL_POLICY.maxCallsPerMinute for one service;
// stepCallBudget for several). Pure: the times come in.

/**
 * The window the ledger counts in: a minute, and a second more, since a call reaches AWS (and is counted
 * there) a little after it is recorded here, by more for some calls than others: without the margin, two
 * calls recorded just over a minute apart can arrive just under a minute apart.
 */
const LEDGER_WINDOW_MS = 61_000;
/**
 * Timestamps of the calls made by the step's watch, to keep any sliding minute within the budget. Polls
 * wait for room; explanatory calls (stopped tasks, logs) are skipped while the budget is tight and tried later.
 */
class CallLedger {
    maxCallsPerMinute;
    reservedForPolls;
    times = [];
    constructor(maxCallsPerMinute = poll_policy/* POLL_POLICY */.RR.maxCallsPerMinute, 
    /** Calls kept free for the next polls when deciding whether an explanatory call fits. */
    reservedForPolls = poll_policy/* POLL_POLICY */.RR.reservedCallsForPolls) {
        this.maxCallsPerMinute = maxCallsPerMinute;
        this.reservedForPolls = reservedForPolls;
    }
    get total() {
        return this.times.length;
    }
    record(nowMs) {
        this.times.push(nowMs);
    }
    usedInWindow(nowMs) {
        const windowStart = nowMs - LEDGER_WINDOW_MS;
        let used = 0;
        for (let index = this.times.length - 1; index >= 0; index -= 1) {
            const time = this.times[index];
            if (time === undefined || time <= windowStart)
                break;
            used += 1;
        }
        return used;
    }
    /** Milliseconds to wait before `calls` more calls fit in the minute (0 when they fit now). */
    waitFor(nowMs, calls) {
        const over = this.usedInWindow(nowMs) + calls - this.maxCallsPerMinute;
        if (over <= 0)
            return 0;
        const inWindow = this.times.slice(this.times.length - this.usedInWindow(nowMs));
        const freeingCall = inWindow[over - 1];
        return freeingCall === undefined ? 0 : freeingCall + LEDGER_WINDOW_MS - nowMs + 1;
    }
    /** Room for `calls` optional calls while keeping the poll reserve free. */
    hasRoomFor(nowMs, calls) {
        return this.usedInWindow(nowMs) + calls + this.reservedForPolls <= this.maxCallsPerMinute;
    }
}

;// CONCATENATED MODULE: ./src/watch/circuit-breaker.ts
/** ECS's failure threshold: by default half the desired count, clamped to 3..200. */
function circuitBreakerThreshold(service) {
    const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
    if (breaker?.enable !== true)
        return undefined;
    const desired = service.desiredCount ?? 0;
    const configured = breaker.thresholdConfiguration;
    const value = configured?.value ?? 50;
    switch (configured?.type) {
        case 'COUNT':
            return Math.max(1, value);
        case 'UNBOUNDED_PERCENT':
            return Math.max(1, Math.ceil((value / 100) * desired));
        default:
            return Math.min(200, Math.max(3, Math.ceil((value / 100) * desired)));
    }
}
/** The service's circuit breaker rolls failed deployments back on its own. */
function ecsRollsBack(service) {
    const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
    return breaker?.enable === true && breaker.rollback === true;
}
/**
 * Where the breaker stands for our deployment: from the service deployment when the API answered (its own
 * count, threshold and status), else computed from the service's configuration and our failed tasks.
 */
function readBreaker(service, ours, serviceDeployment) {
    const breaker = serviceDeployment?.deploymentCircuitBreaker;
    const threshold = breaker?.threshold ?? circuitBreakerThreshold(service);
    const failedCount = breaker?.failureCount ?? ours?.failedTasks;
    const on = breaker === undefined ? circuitBreakerThreshold(service) !== undefined : breaker.status !== 'DISABLED';
    const tripped = on &&
        (breaker?.status === 'TRIGGERED' ||
            (threshold !== undefined && threshold > 0 && failedCount !== undefined && failedCount >= threshold));
    return { failedCount, threshold, tripped };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var client_cloudwatch_logs_dist_cjs = __webpack_require__(2684);
// EXTERNAL MODULE: ./src/shared/access-denied.ts
var access_denied = __webpack_require__(3343);
;// CONCATENATED MODULE: ./src/watch/stopped-tasks.ts
function taskIdOf(taskArn) {
    return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}
const LASTING_ERRORS = [
    'CannotPullContainerError',
    'ResourceInitializationError',
    'CannotStartContainerError',
    'CannotCreateContainerError',
    'CannotInspectContainerError',
    'ContainerRuntimeError',
    'OutOfMemoryError',
];
const LASTING_ERROR_PATTERN = new RegExp(`\\b(${LASTING_ERRORS.join('|')})\\b`);
// Problems of the ECS platform or the host, not of the revision: reported, but never counted towards
// max-failed-tasks, and checked before exit codes (a container that would not stop gets killed with 137).
const PLATFORM_ERRORS = ['InternalError', 'CannotStopContainerError'];
const PLATFORM_ERROR_PATTERN = new RegExp(`\\b(${PLATFORM_ERRORS.join('|')})\\b`);
// Secrets, registry auth and log drivers fail the same way on every attempt, whatever wording wraps them.
const LASTING_PHRASES = [
    [/unable to (pull|retrieve) secrets?/i, 'secrets'],
    [/registry auth/i, 'registry-auth'],
    [/log(ging)? driver|log-driver|log group|logConfiguration/i, 'log-configuration'],
];
function isEssential(containerName, essentials) {
    return essentials.length === 0 || essentials.includes(containerName);
}
/** Sorts a stopped task by whether it says anything about our revision, and names its failure. */
function classifyStoppedTask(task, essentialContainers) {
    const taskArn = task.taskArn ?? '';
    const stopCode = task.stopCode ?? '';
    const stoppedReason = task.stoppedReason ?? '';
    const containers = (task.containers ?? []).map((container) => ({
        name: container.name ?? '',
        exitCode: container.exitCode,
        reason: container.reason,
    }));
    const base = { taskArn, taskId: taskIdOf(taskArn), taskDefinitionArn: task.taskDefinitionArn ?? '', stopCode, stoppedReason, containers };
    const texts = [stoppedReason, ...containers.map((container) => container.reason ?? '')];
    const namedError = texts.map((text) => LASTING_ERROR_PATTERN.exec(text)?.[1]).find((name) => name !== undefined);
    if (namedError !== undefined)
        return { ...base, kind: 'failure', signature: namedError };
    const phrase = LASTING_PHRASES.find(([pattern]) => texts.some((text) => pattern.test(text)));
    if (phrase !== undefined)
        return { ...base, kind: 'failure', signature: phrase[1] };
    const platformError = texts.map((text) => PLATFORM_ERROR_PATTERN.exec(text)?.[1]).find((name) => name !== undefined);
    if (platformError !== undefined)
        return { ...base, kind: 'other', signature: platformError };
    const crashed = containers.find((container) => isEssential(container.name, essentialContainers) && container.exitCode !== undefined && container.exitCode !== 0);
    if (crashed !== undefined && stopCode !== 'ServiceSchedulerInitiated' && stopCode !== 'UserInitiated') {
        return { ...base, kind: 'failure', signature: `exit ${crashed.name} ${String(crashed.exitCode)}` };
    }
    if (/health ?checks?/i.test(stoppedReason))
        return { ...base, kind: 'health-check', signature: 'health-check' };
    if (stopCode === 'ServiceSchedulerInitiated' && /scaling activity/i.test(stoppedReason)) {
        return { ...base, kind: 'scale-in', signature: '' };
    }
    if (stopCode === 'SpotInterruption' || stopCode === 'TerminationNotice' || stopCode === 'UserInitiated') {
        return { ...base, kind: 'interrupted', signature: '' };
    }
    return { ...base, kind: 'other', signature: '' };
}
/** One line per stopped task: stop code, reason and every container's exit code and reason. */
function describeStoppedTask(report) {
    const containers = report.containers
        .map((container) => {
        const exit = container.exitCode === undefined ? 'no exit code' : `exit ${String(container.exitCode)}`;
        return container.reason === undefined || container.reason === ''
            ? `${container.name} ${exit}`
            : `${container.name} ${exit} (${container.reason})`;
    })
        .join(', ');
    const stop = report.stopCode === '' ? 'stopped' : `stopped (${report.stopCode})`;
    const reason = report.stoppedReason === '' ? 'no reason given' : report.stoppedReason;
    return `task ${report.taskId} ${stop}: ${reason}${containers === '' ? '' : `; containers: ${containers}`}`;
}
function countsAsProblem(report) {
    return report.kind === 'failure' || report.kind === 'health-check' || report.kind === 'other';
}
/** Whether this poll should run ListTasks + DescribeTasks: our deployment's failures grew, tasks went away, or some were still stopping. */
function needsStoppedTaskLookup(ours, state) {
    if (ours === undefined)
        return false;
    return ((ours.failedTasks ?? 0) > state.inspectedFailedTasks || (ours.runningCount ?? 0) < state.lastRunningCount || state.stoppingTasksPending);
}
/** Where the awslogs driver wrote a container's output: stream `PREFIX/CONTAINER/TASK_ID`. */
function awslogsLocation(taskDefinition, containerName, taskId) {
    const container = taskDefinition.containerDefinitions?.find((definition) => definition.name === containerName);
    const logConfiguration = container?.logConfiguration;
    if (logConfiguration?.logDriver !== 'awslogs')
        return undefined;
    const options = logConfiguration.options ?? {};
    const group = options['awslogs-group'];
    const prefix = options['awslogs-stream-prefix'];
    // Without a prefix the stream is named after the container id, which we cannot know.
    if (group === undefined || prefix === undefined || group === '' || prefix === '')
        return undefined;
    return { container: containerName, group, stream: `${prefix}/${containerName}/${taskId}`, region: options['awslogs-region'] };
}
/** Containers whose logs are worth showing for a failed task: the ones that exited non-zero, else the essential ones. */
function containersToShowLogsFor(report, essentialContainers) {
    const crashed = report.containers
        .filter((container) => container.exitCode !== undefined && container.exitCode !== 0)
        .map((container) => container.name);
    if (crashed.length > 0)
        return crashed;
    return report.containers.filter((container) => isEssential(container.name, essentialContainers)).map((container) => container.name);
}
/** The essential containers of a task definition (ECS treats a container without `essential` as essential). */
function essentialContainers(taskDefinition) {
    return (taskDefinition.containerDefinitions ?? [])
        .filter((container) => container.essential !== false && container.name !== undefined)
        .map((container) => container.name ?? '');
}

;// CONCATENATED MODULE: ./src/watch/watch-calls.ts
// Every AWS call of the step's watch goes through here: counted against the minute's budget, and on
// failure thrown as a FailedCall that already says which operation failed and what kind of failure it is,
// so no caller unwraps or classifies errors itself.




/** A call of the watch that failed, sorted by what to do about it. `cause` is the error the call threw. */
class FailedCall extends Error {
    operation;
    cause;
    kind;
    constructor(operation, cause) {
        super(`${operation} failed: ${(0,errors/* describeError */.Uc)(cause)}`);
        this.operation = operation;
        this.cause = cause;
        this.name = 'FailedCall';
        this.kind = (0,poll_policy/* classifyPollError */.MF)(cause);
    }
    /** Throttled or transient: worth another try on the backoff. */
    get retryable() {
        return (0,poll_policy/* isWorthRetrying */.J0)(this.kind);
    }
}
/** Whatever a step of the watch threw, as a FailedCall (anything else, a bug of ours included, as a failure of `operation`). */
function asFailedCall(error, operation = 'polling') {
    return error instanceof FailedCall ? error : new FailedCall(operation, error);
}
/**
 * Clock, budget and error classification of the step's watch. The step's instance makes the batched reads;
 * each service has a view of it (`forService`) with the same clock and budget and a count of its own, used
 * by the deploy and rollback watches of that service.
 */
class WatchCalls {
    ledger;
    throttling;
    now;
    sleep;
    random;
    count = 0;
    constructor(clock, ledger = new CallLedger(), 
    /** Reads of the step that ECS throttled and the poll still got through (shared by every view): the cadence slows on them. */
    throttling = { absorbed: 0 }) {
        this.ledger = ledger;
        this.throttling = throttling;
        this.now = clock.now ?? Date.now;
        this.sleep = clock.sleep ?? retry/* defaultSleep */.JG;
        this.random = clock.random ?? Math.random;
    }
    /** Calls made for this service: its own, and each batched call that read it among others. */
    get made() {
        return this.count;
    }
    /** One service's view: the same clock and budget, its own count. */
    forService() {
        return new WatchCalls(this, this.ledger, this.throttling);
    }
    /** Throttled reads the polls got through so far (tried again, or done without): the loop compares it across a poll. */
    get absorbedThrottles() {
        return this.throttling.absorbed;
    }
    /** A throttled read the poll did without (the last known answer stands in for it): the step still slows down. */
    absorbThrottle() {
        this.throttling.absorbed += 1;
    }
    /** Counts a batched call the step made for this service among others. */
    credit() {
        this.count += 1;
    }
    /** A call every poll needs: waits for room in the minute's budget rather than skip it. Throws FailedCall. */
    async call(operation, send) {
        // Looped: calls of the step run side by side, and another may take the room while this one waits.
        for (let wait = this.ledger.waitFor(this.now(), 1); wait > 0; wait = this.ledger.waitFor(this.now(), 1))
            await this.sleep(wait);
        this.ledger.record(this.now());
        this.count += 1;
        try {
            return await send();
        }
        catch (error) {
            throw new FailedCall(operation, error);
        }
    }
    /**
     * A read every poll needs (the batched DescribeServices, DescribeServiceDeployments, DescribeTasks): a
     * throttled or transient failure is tried once more within the poll (POLL_READ_RETRY, shared/retry.ts),
     * each attempt counted in the budget. Throws FailedCall when the second attempt fails too.
     */
    async read(operation, send) {
        return (0,retry/* retry */.L5)(() => this.call(operation, send), {
            ...poll_policy/* POLL_READ_RETRY */.on,
            isRetryable: (error) => asFailedCall(error, operation).retryable,
            sleep: this.sleep,
            now: this.now,
            random: this.random,
            onRetry: (error) => {
                if (asFailedCall(error, operation).kind === 'throttled')
                    this.absorbThrottle();
            },
        }).catch((error) => {
            throw asFailedCall((0,retry/* rootError */.hs)(error), operation);
        });
    }
    /**
     * A call that changes the service (our rollback). The watch's ECS client makes one attempt per call (so
     * that every attempt is counted in the budget and classified here), so throttling and 5xx answers are
     * retried here, on the watch's backoff, rather than losing the rollback. Throws FailedCall.
     */
    async change(operation, send) {
        return (0,retry/* retry */.L5)(() => this.call(operation, send), {
            ...poll_policy/* POLL_BACKOFF */.rs,
            isRetryable: (error) => asFailedCall(error, operation).retryable,
            maxAttempts: 5,
            totalBudgetMs: 60_000,
            sleep: this.sleep,
            now: this.now,
            random: this.random,
        }).catch((error) => {
            throw asFailedCall((0,retry/* rootError */.hs)(error), operation);
        });
    }
    /** An explanatory call: only when it fits in the budget with room left for the polls. */
    fits(calls) {
        return this.ledger.hasRoomFor(this.now(), calls);
    }
}

;// CONCATENATED MODULE: ./src/watch/container-logs.ts
// The tail of a stopped task's awslogs stream, printed under it: the line that says why a container
// exited is usually there. A courtesy within the call budget, for the first few tasks only.






const ERROR_LINE = /\b(error|exception|fatal|panic|traceback)\b/i;
/** The last line naming an error (the cause, above its stack trace and exit message), else the last line. Pure. */
function explainingLine(container, lines) {
    const error = lines.findLast((line) => ERROR_LINE.test(line));
    return error === undefined ? { container, line: lines.at(-1) ?? '', kind: 'last' } : { container, line: error, kind: 'error' };
}
class ContainerLogs {
    context;
    logs;
    region;
    tasksWithLogs = 0;
    deniedSaid = false;
    constructor(context, logs, 
    /** The Logs client's region, to skip containers that log to another one. */
    region) {
        this.context = context;
        this.logs = logs;
        this.region = region;
    }
    static async open(context) {
        const { logs } = context.request;
        return new ContainerLogs(context, logs, await clientRegion(logs));
    }
    /** Prints the last lines of the containers that explain `report` (at most two), and returns them. */
    async show(report) {
        const { context, logs, region } = this;
        const { taskDefinition } = context.request;
        const shown = [];
        if (logs === undefined || !this.takeSlot())
            return shown;
        const essentials = essentialContainers(taskDefinition);
        for (const container of containersToShowLogsFor(report, essentials).slice(0, 2)) {
            const location = awslogsLocation(taskDefinition, container, report.taskId);
            if (location === undefined || (location.region !== undefined && region !== undefined && location.region !== region))
                continue;
            if (!context.calls.fits(1))
                return shown;
            try {
                const answer = await context.calls.call('GetLogEvents', () => logs.send(new client_cloudwatch_logs_dist_cjs/* GetLogEventsCommand */.h7S({
                    logGroupName: location.group,
                    logStreamName: location.stream,
                    startFromHead: false,
                    limit: poll_policy/* POLL_POLICY */.RR.logLinesPerContainer,
                })));
                const lines = (answer.events ?? []).map((event) => event.message?.trimEnd() ?? '').filter((line) => line !== '');
                if (lines.length === 0)
                    continue;
                context.print.info(`last ${String(lines.length)} log lines of ${container} in task ${report.taskId} (${location.group} ${location.stream}):`);
                for (const line of lines)
                    context.print.info(`  | ${line}`);
                shown.push({ container, lines });
            }
            catch (error) {
                // Logs are a courtesy: a missing stream or a role without logs:GetLogEvents must not change the verdict.
                const failure = asFailedCall(error);
                if (failure.kind === 'denied' && !this.deniedSaid) {
                    // A refusal is said once, with the statement that would show the logs next time.
                    this.deniedSaid = true;
                    context.print.warning(`Cannot read the logs of stopped tasks (${(0,errors/* describeError */.Uc)(failure.cause)}).`);
                    for (const line of (0,access_denied/* refusalDetails */.ro)(failure.cause))
                        context.print.info(line);
                    continue;
                }
                context.print.debug(`No logs for ${container} in task ${report.taskId}: ${(0,errors/* describeError */.Uc)(failure.cause)}`);
            }
        }
        return shown;
    }
    takeSlot() {
        if (this.tasksWithLogs >= poll_policy/* POLL_POLICY */.RR.maxTasksWithLogs)
            return false;
        this.tasksWithLogs += 1;
        return true;
    }
}
async function clientRegion(logs) {
    if (logs === undefined)
        return undefined;
    try {
        const region = await logs.config.region();
        return typeof region === 'string' ? region : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/watch/recency.ts
// Whether something ECS lists (a deployment, a service deployment, an event) came after our update, and
// their order by creation time. Pure.

function createdMs(value) {
    return value.createdAt?.getTime();
}
/** Created since `sinceMs`, give or take the clock skew between us and AWS; an unknown time counts as recent. */
function isRecent(createdAtMs, sinceMs) {
    return createdAtMs === undefined || createdAtMs >= sinceMs - poll_policy/* POLL_POLICY */.RR.clockSkewMs;
}
// An unknown time compares as NaN, which leaves such an entry where the sort found it.
const timeOf = (value) => createdMs(value) ?? Number.NaN;
function oldestFirst(a, b) {
    return timeOf(a) - timeOf(b);
}
function newestFirst(a, b) {
    return timeOf(b) - timeOf(a);
}

;// CONCATENATED MODULE: ./src/watch/find-deployment.ts

/** The deployment ECS is moving the service to. */
function primaryDeployment(service) {
    return service?.deployments?.find((deployment) => deployment.status === 'PRIMARY');
}
/** Our entry in DescribeServices `deployments[]`: by id when known, else by revision and creation time. */
function findOurDeployment(service, state) {
    const deployments = service.deployments ?? [];
    if (state.deploymentId !== undefined)
        return deployments.find((deployment) => deployment.id === state.deploymentId);
    const { target } = state;
    const primary = primaryDeployment(service);
    // Our own rollback may bring the old revision back as the PRIMARY deployment it already had.
    if (primary?.taskDefinition === target.taskDefinitionArn &&
        (target.mode === 'rollback' || isRecent(createdMs(primary), target.startedAtMs))) {
        return primary;
    }
    return deployments
        .filter((deployment) => deployment.taskDefinition === target.taskDefinitionArn && isRecent(createdMs(deployment), target.startedAtMs))
        .sort(newestFirst)[0];
}
/**
 * Picks our service deployment from ListServiceDeployments: the one whose target revision is ours
 * (`revisionTaskDefinitions` maps service revision ARNs to task definitions, when DescribeServiceRevisions
 * answered), else the one whose revision id matches our `ecs-svc/` id, else the oldest created since our
 * update (a later one would be someone else's).
 */
function pickServiceDeployment(candidates, target, deploymentId, revisionTaskDefinitions = new Map()) {
    const recent = candidates
        .filter((candidate) => candidate.serviceDeploymentArn !== undefined && isRecent(createdMs(candidate), target.startedAtMs))
        .sort(oldestFirst);
    const byRevision = recent.find((candidate) => revisionTaskDefinitions.get(candidate.targetServiceRevisionArn ?? '') === target.taskDefinitionArn);
    if (byRevision !== undefined)
        return byRevision.serviceDeploymentArn;
    if (revisionTaskDefinitions.size > 0)
        return undefined;
    const numericId = deploymentId?.startsWith('ecs-svc/') === true ? deploymentId.slice('ecs-svc/'.length) : undefined;
    const byId = recent.find((candidate) => numericId !== undefined && candidate.targetServiceRevisionArn?.endsWith(`/${numericId}`) === true);
    return (byId ?? recent[0])?.serviceDeploymentArn;
}

;// CONCATENATED MODULE: ./src/watch/ecs-reads.ts
// One service's own reads within a poll of the step: finding its service deployment (looked up once, then
// described in the step's batch), and listing the tasks of its deployment that stopped (described in the
// step's batch). Each degrades on its own terms: the service deployments API may be missing, stopped tasks
// may be unreadable or throttled. The batched calls themselves are in step-reads.ts.






/** Our service deployment across the polls of one watch: looked up a few times at most, then described each poll. */
class ServiceDeploymentReader {
    context;
    target;
    /** 'missing' once the API said it is not there for us; the watch then uses deployments[] alone. */
    api = 'unknown';
    lookups = 0;
    knownArn;
    /** Our service deployment as last described. */
    lastKnown;
    constructor(context, target) {
        this.context = context;
        this.target = target;
        this.knownArn = target.serviceDeploymentArn;
    }
    /** Our service deployment's ARN once known. */
    get arn() {
        return this.knownArn;
    }
    /** The ARN to describe in this poll's batch, looking it up first while unknown; undefined: none this poll. Throws FailedCall. */
    async arnToDescribe(deploymentId) {
        if (this.api === 'missing')
            return undefined;
        if (this.knownArn !== undefined)
            return this.knownArn;
        if (this.lookups >= poll_policy/* POLL_POLICY */.RR.maxServiceDeploymentLookups)
            return undefined;
        this.lookups += 1;
        try {
            this.knownArn = await this.lookUp(deploymentId);
        }
        catch (error) {
            this.onFailure(error);
        }
        return this.knownArn;
    }
    /** Our service deployment from the batch's answer for our ARN. Throws FailedCall when the poll cannot go on without it. */
    accept(answer) {
        if (!answer.ok) {
            const failure = asFailedCall(answer.error);
            // Throttled even when tried again: the last answer stands in (the last poll judged it, so it can end
            // nothing by itself) and DescribeServices carries this poll, which still slows the step down.
            if (failure.kind === 'throttled' && this.lastKnown !== undefined) {
                this.context.calls.absorbThrottle();
                return this.lastKnown;
            }
            this.onFailure(answer.error);
            return undefined;
        }
        this.api = 'available';
        this.lastKnown = answer.value;
        return answer.value;
    }
    /** Without the API (too old a deployment, no permission, no such operation, not JSON) the watch goes on with deployments[] from the first such answer. */
    onFailure(error) {
        const failure = asFailedCall(error);
        if (!(0,poll_policy/* meansServiceDeploymentsUnavailable */.Um)(failure.cause))
            throw failure;
        this.api = 'missing';
        this.knownArn = undefined;
        // Said once per watch: after this answer the API is not asked again (api is 'missing').
        this.context.print.info(`Service deployments API unavailable (${failure.operation}: ${(0,errors/* describeError */.Uc)(failure.cause)}); watching DescribeServices deployments[] instead.`);
    }
    /** Our service deployment ARN from ListServiceDeployments (and DescribeServiceRevisions when several match). */
    async lookUp(deploymentId) {
        const { context, target } = this;
        const { ecs, cluster, service } = context.request;
        const listed = await context.calls.call('ListServiceDeployments', () => ecs.send(new client_ecs_dist_cjs/* ListServiceDeploymentsCommand */.jz8({
            cluster,
            service,
            createdAt: { after: new Date(target.startedAtMs - poll_policy/* POLL_POLICY */.RR.clockSkewMs) },
        })));
        const candidates = listed.serviceDeployments ?? [];
        if (candidates.length <= 1)
            return pickServiceDeployment(candidates, target, deploymentId);
        const revisionArns = candidates
            .map((candidate) => candidate.targetServiceRevisionArn)
            .filter((arn) => arn !== undefined);
        const revisions = new Map();
        if (revisionArns.length > 0 && context.calls.fits(1)) {
            try {
                const described = await context.calls.call('DescribeServiceRevisions', () => ecs.send(new client_ecs_dist_cjs/* DescribeServiceRevisionsCommand */.oF5({ serviceRevisionArns: revisionArns.slice(0, 20) })));
                for (const revision of described.serviceRevisions ?? []) {
                    if (revision.serviceRevisionArn !== undefined && revision.taskDefinition !== undefined) {
                        revisions.set(revision.serviceRevisionArn, revision.taskDefinition);
                    }
                }
            }
            catch (error) {
                // Only a nicety for telling several recent deployments apart; the id and time heuristics remain.
                const failure = asFailedCall(error);
                if (failure.kind === 'expired')
                    throw failure;
            }
        }
        return pickServiceDeployment(candidates, target, deploymentId, revisions);
    }
}
/** Stopped tasks of our deployment, for as long as the role may read them. */
class StoppedTaskReader {
    context;
    denied = false;
    constructor(context) {
        this.context = context;
    }
    /**
     * Stopped tasks not seen before (up to the poll's share), to describe in the step's batch; undefined when
     * not looked up this time (budget, throttling, denied). Throws FailedCall when the poll cannot go on.
     */
    async list(deploymentId, seenTaskArns) {
        const { context } = this;
        // Two calls: this ListTasks, and this service's share of the batched DescribeTasks.
        if (this.denied || !context.calls.fits(2))
            return undefined;
        const { ecs, cluster } = context.request;
        try {
            const listed = await context.calls.call('ListTasks', () => ecs.send(new client_ecs_dist_cjs/* ListTasksCommand */.MYg({ cluster, startedBy: deploymentId, desiredStatus: 'STOPPED' })));
            return (listed.taskArns ?? []).filter((arn) => !seenTaskArns.has(arn)).slice(0, poll_policy/* POLL_POLICY */.RR.maxStoppedTasksPerPoll);
        }
        catch (error) {
            this.onFailure(error);
            return undefined;
        }
    }
    /** The described tasks from the batch's answer; undefined when they could not be read this time. */
    accept(answer) {
        if (answer.ok)
            return answer.value;
        this.onFailure(answer.error);
        return undefined;
    }
    /** Denied: say once what to allow, and stop looking; throttled or flaky: try again later; else the poll fails. */
    onFailure(error) {
        const failure = asFailedCall(error);
        if (failure.kind === 'denied') {
            this.denied = true;
            this.context.print.warning(`Cannot read stopped tasks (${(0,errors/* describeError */.Uc)(failure.cause)}); allow ecs:ListTasks and ecs:DescribeTasks to see why tasks stop (max-failed-tasks needs them too).`);
            for (const line of (0,access_denied/* refusalDetails */.ro)(failure.cause))
                this.context.print.info(line);
            return;
        }
        // Throttled or flaky: the lookup stays pending and is tried on a later poll.
        if (!failure.retryable)
            throw failure;
    }
}

;// CONCATENATED MODULE: ./src/watch/cadence.ts

const CADENCE = Object.freeze({
    /** Tasks starting or stopping, counts or events changing: look again this soon. */
    busyMs: 2_000,
    /**
     * Tasks still starting or stopping keep the busy cadence this long after the last change; a task pending
     * for longer (a slow image pull) is polled at the steady cadence, saving the budget's burst for when it runs.
     */
    busyForMs: 10_000,
    /** Nothing changed since the last poll. */
    steadyMs: poll_policy/* POLL_POLICY */.RR.intervalMs,
    /** Nothing changed for quietAfterMs (a long health-check grace or bake time): look less often. */
    quietMs: 10_000,
    quietAfterMs: 60_000,
    /** The cadence stretches by this after a poll whose throttled read was answered when tried again. */
    slowedFactor: 1.5,
    /** Each delay is drawn from ±20 % around its value, so steps of one account spread out. */
    jitter: 0.2,
    /**
     * Polls go at the busy cadence while the calls of the last minute (and the next poll's) are within this
     * share of the budget: a burst that a short rollout fits in (a crash loop's failure at 9 s takes ~16).
     */
    burstShare: 0.6,
    /** Past the burst, polls are spaced so that they alone would use at most this share of the budget in a minute. */
    sustainedShare: 0.8,
});
const RANK = { busy: 2, steady: 1, quiet: 0 };
/**
 * Tasks of the service are starting or stopping: some deployment has tasks pending or runs more or fewer
 * than it wants, or an older deployment still runs tasks that the rollout is about to stop (the last step
 * before ECS calls it complete).
 */
function tasksInTransition(service) {
    const deployments = service.deployments ?? [];
    return deployments.some((deployment) => (deployment.pendingCount ?? 0) > 0 ||
        (deployment.runningCount ?? 0) !== (deployment.desiredCount ?? 0) ||
        (deployment.status !== 'PRIMARY' && (deployment.runningCount ?? 0) > 0));
}
/**
 * One watch's poll: busy when what ECS reports changed (counts, statuses, events, stopped tasks), or tasks
 * are starting or stopping and something changed within busyForMs; quiet when nothing at all has changed
 * for quietAfterMs (tasks that cannot be placed, say); steady otherwise.
 */
function activityOf(previous, next, service, nowMs) {
    if (next.progressKey !== previous.progressKey)
        return 'busy';
    const sinceChangeMs = nowMs - next.lastProgressAtMs;
    if (sinceChangeMs >= CADENCE.quietAfterMs)
        return 'quiet';
    const moving = tasksInTransition(service) || next.stoppingTasksPending;
    return moving && sinceChangeMs < CADENCE.busyForMs ? 'busy' : 'steady';
}
/** The step polls as often as its busiest watch needs; no watch (every read failed) counts as steady. */
function busiest(activities) {
    return activities.reduce((most, activity) => (RANK[activity] > RANK[most] ? activity : most), activities.length > 0 ? 'quiet' : 'steady');
}
/** How the poll went, from the kinds of its failed reads and the throttled reads it got through anyway. */
function pollOutcome(failedReads, absorbedThrottles) {
    if (failedReads.includes('throttled'))
        return 'throttled';
    if (failedReads.some(poll_policy/* isWorthRetrying */.J0))
        return 'transient';
    return absorbedThrottles > 0 ? 'slowed' : 'ok';
}
/** The delay before the step's next poll. */
function nextCadence(input) {
    const { activity, outcome, random } = input;
    let delay;
    if (outcome === 'throttled' || outcome === 'transient') {
        // The shared backoff (decorrelated jitter between the normal interval and the cap) for every service at once.
        delay = (0,poll_policy/* nextPollDelay */.qC)(input.previousDelayMs, outcome, random);
    }
    else {
        const base = activity === 'busy' ? CADENCE.busyMs : activity === 'steady' ? CADENCE.steadyMs : CADENCE.quietMs;
        // Throttled but answered on a second try: the account is near its rate limit, so the whole step
        // polls a third less often (within the backoff's cap) until a poll goes through untouched.
        const slowed = outcome === 'slowed' ? Math.min(base * CADENCE.slowedFactor, poll_policy/* POLL_POLICY */.RR.maxBackoffMs) : base;
        delay = Math.round(slowed * (1 - CADENCE.jitter + 2 * CADENCE.jitter * random()));
    }
    return Math.max(delay, budgetFloorMs(input));
}
/**
 * The least delay the budget allows: none while the last minute's calls and the next poll's stay within the
 * burst share; past it, the spacing at which polls alone use the sustained share of the budget, so the
 * minute's room is spread out rather than spent and then waited for.
 */
function budgetFloorMs(input) {
    const pollCalls = Math.max(1, input.pollCalls);
    if (input.usedInWindow + pollCalls <= input.maxCallsPerMinute * CADENCE.burstShare)
        return 0;
    return Math.ceil((pollCalls * 60_000) / (input.maxCallsPerMinute * CADENCE.sustainedShare));
}

;// CONCATENATED MODULE: ./src/watch/lifecycle-stages.ts
const NATIVE = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);
/** What each stage means for the user, in the words of ECS's own documentation. */
const STAGE_WORDS = {
    RECONCILE_SERVICE: 'reconciling the revisions the service still runs',
    PRE_SCALE_UP: 'before the new revision starts',
    SCALE_UP: "starting the new revision's tasks",
    POST_SCALE_UP: "the new revision's tasks run; no traffic on them yet",
    TEST_TRAFFIC_SHIFT: 'test traffic moving to the new revision',
    POST_TEST_TRAFFIC_SHIFT: 'all test traffic on the new revision',
    PRE_PRODUCTION_TRAFFIC_SHIFT: 'before production traffic moves',
    PRODUCTION_TRAFFIC_SHIFT: 'production traffic moving to the new revision',
    POST_PRODUCTION_TRAFFIC_SHIFT: 'all production traffic on the new revision',
    BAKE_TIME: 'both revisions kept running while the new one bakes',
    CLEAN_UP: "stopping the previous revision's tasks",
};
const LIFECYCLE_START = {
    stagesSeen: [],
    stage: undefined,
    bakeStartedAtMs: undefined,
    bakeMinutesLeftShown: undefined,
    productionWeight: undefined,
    bakeChecked: false,
};
/** The configuration ECS deploys with: the service deployment's own copy when known, else the service's. */
function configurationOf(service, serviceDeployment) {
    return serviceDeployment?.deploymentConfiguration ?? service.deploymentConfiguration;
}
/** BLUE_GREEN, LINEAR or CANARY when the service deploys with one of ECS's own traffic-shifting strategies. */
function nativeStrategy(service, serviceDeployment) {
    const strategy = configurationOf(service, serviceDeployment)?.strategy;
    return strategy !== undefined && NATIVE.has(strategy) ? strategy : undefined;
}
/** The minutes ECS waits on purpose: bakeTimeInMinutes, and the canary's or the linear steps' bakes before it. */
function bakeMinutes(configuration) {
    const parts = [];
    let total = 0;
    const bake = configuration?.bakeTimeInMinutes ?? 0;
    if (bake > 0) {
        total += bake;
        parts.push(`bakeTimeInMinutes ${String(bake)}`);
    }
    if (configuration?.strategy === 'CANARY') {
        const canaryBake = configuration.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10;
        if (canaryBake > 0) {
            total += canaryBake;
            parts.push(`canaryBakeTimeInMinutes ${String(canaryBake)}`);
        }
    }
    if (configuration?.strategy === 'LINEAR') {
        const step = configuration.linearConfiguration?.stepPercent ?? 10;
        const stepBake = configuration.linearConfiguration?.stepBakeTimeInMinutes ?? 6;
        // No bake after the last step: one fewer wait than steps.
        const waits = step > 0 ? Math.max(0, Math.ceil(100 / step) - 1) : 0;
        if (stepBake > 0 && waits > 0) {
            total += stepBake * waits;
            parts.push(`${String(waits)} × stepBakeTimeInMinutes ${String(stepBake)}`);
        }
    }
    return { total, parts };
}
/** The warning when the bake alone outlasts wait-for-minutes, naming both figures; undefined when it fits. */
function bakeWarning(service, configuration, waitMinutes) {
    const bake = configuration?.bakeTimeInMinutes ?? 0;
    if (bake <= waitMinutes)
        return undefined;
    const { total, parts } = bakeMinutes(configuration);
    const detail = parts.length > 1 ? ` (${parts.join(' + ')} = ${String(total)} min in all)` : '';
    return `${service} bakes for ${String(bake)} min (bakeTimeInMinutes)${detail}, longer than wait-for-minutes ${String(waitMinutes)}: the watch will time out before ECS can call the deployment SUCCESSFUL. Set wait-for-minutes above ${String(total)}.`;
}
const percent = (weight) => `${String(Math.round(weight * 10) / 10)} %`;
/** How the traffic on our revision moves in this strategy, for the traffic line. */
function stepWords(configuration, weight) {
    if (weight >= 100)
        return '';
    if (configuration?.strategy === 'CANARY') {
        const bake = configuration.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10;
        return ` (canary; the rest follows after ${String(bake)} min)`;
    }
    if (configuration?.strategy === 'LINEAR') {
        const step = configuration.linearConfiguration?.stepPercent ?? 10;
        const bake = configuration.linearConfiguration?.stepBakeTimeInMinutes ?? 6;
        return ` (linear: ${percent(step)} more every ${String(bake)} min)`;
    }
    return '';
}
/** Follows one poll's lifecycle: the stage lines, traffic steps and bake time left, and the bake warning once. */
function followLifecycle(previous, input) {
    const { service, serviceDeployment, nowMs } = input;
    const lines = [];
    const warnings = [];
    const strategy = nativeStrategy(service, serviceDeployment);
    let state = previous;
    if (!state.bakeChecked) {
        const warning = strategy === undefined || input.waitMinutes === undefined
            ? undefined
            : bakeWarning(service.serviceName ?? '', configurationOf(service, serviceDeployment), input.waitMinutes);
        if (warning !== undefined)
            warnings.push(warning);
        state = { ...state, bakeChecked: true };
    }
    // A rolling deployment's stage is in the status line already; only the traffic-shifting strategies get stage lines.
    if (strategy === undefined || serviceDeployment === undefined)
        return { state, lines, warnings };
    const configuration = configurationOf(service, serviceDeployment);
    const stage = serviceDeployment.lifecycleStage;
    if (stage !== undefined && stage !== state.stage) {
        if (!state.stagesSeen.includes(stage))
            lines.push(`Stage ${stage}: ${STAGE_WORDS[stage] ?? stage.toLowerCase().replaceAll('_', ' ')}`);
        state = { ...state, stage, stagesSeen: state.stagesSeen.includes(stage) ? state.stagesSeen : [...state.stagesSeen, stage] };
    }
    const weight = serviceDeployment.targetServiceRevision?.requestedProductionTrafficWeight;
    if (weight !== undefined && weight !== state.productionWeight && (weight > 0 || state.productionWeight !== undefined)) {
        lines.push(`Production traffic on ${input.revision}: ${percent(weight)}${stepWords(configuration, weight)}`);
    }
    if (weight !== undefined)
        state = { ...state, productionWeight: weight };
    // No countdown once ECS is rolling back or stopping: the bake will not run out.
    if (stage === 'BAKE_TIME' && (serviceDeployment.status === 'IN_PROGRESS' || serviceDeployment.status === undefined)) {
        const bakeStartedAtMs = state.bakeStartedAtMs ?? nowMs;
        const bakeMs = (configuration?.bakeTimeInMinutes ?? 0) * 60_000;
        const left = Math.max(0, Math.ceil((bakeMs - (nowMs - bakeStartedAtMs)) / 60_000));
        if (left !== state.bakeMinutesLeftShown)
            lines.push(`Bake time left: ${String(left)} min`);
        state = { ...state, bakeStartedAtMs, bakeMinutesLeftShown: left };
    }
    return { state, lines, warnings };
}
/** ECS waits on purpose: baking, or between the steps of a canary or linear traffic shift. */
function inPlannedWait(state) {
    if (state.stage === 'BAKE_TIME')
        return true;
    return state.stage === 'PRODUCTION_TRAFFIC_SHIFT' && state.productionWeight !== undefined && state.productionWeight < 100;
}
/**
 * A lifecycle hook that answered FAILED, or timed out with the ROLLBACK action (the default), or a
 * CloudWatch alarm that went into ALARM: ECS rolls back (or stops) on either, so the watch fails at once.
 */
function lifecycleFailure(serviceDeployment, lastStage) {
    if (serviceDeployment === undefined)
        return undefined;
    const stage = serviceDeployment.lifecycleStage ?? lastStage;
    for (const hook of serviceDeployment.lifecycleHookDetails ?? []) {
        const failed = hook.status === 'FAILED' || (hook.status === 'TIMED_OUT' && hook.timeoutAction !== 'CONTINUE');
        if (!failed)
            continue;
        const name = hook.targetArn ?? `${hook.targetType ?? 'PAUSE'} hook ${hook.hookId ?? '(no id)'}`;
        return { kind: 'hook', hook: name, status: hook.status === 'FAILED' ? 'FAILED' : 'TIMED_OUT', stage };
    }
    const alarms = serviceDeployment.alarms;
    const triggered = alarms?.triggeredAlarmNames ?? [];
    if (triggered.length > 0 || alarms?.status === 'TRIGGERED')
        return { kind: 'alarm', alarmNames: triggered, stage };
    return undefined;
}

// EXTERNAL MODULE: ./src/task-definition/revision-label.ts
var revision_label = __webpack_require__(7215);
;// CONCATENATED MODULE: ./src/watch/wording.ts



/** `my-app:8` from a task definition ARN (or the input unchanged when it is not one). */
function revisionName(taskDefinitionArn) {
    return taskDefinitionArn ? (0,revision_label/* taskDefinitionRevisionLabel */.I)(taskDefinitionArn) : '(unknown revision)';
}
/** `Deployment of my-app:8 to my-svc`, or `Rollback to my-app:7 to my-svc` for our own rollback. */
function watchLabel(target) {
    return `${target.mode === 'rollback' ? 'Rollback to' : 'Deployment of'} ${revisionName(target.taskDefinitionArn)} to ${target.service}`;
}
function formatClock(date) {
    return date === undefined ? '--:--:--' : date.toISOString().slice(11, 19);
}
// ---------------------------------------------------------------------------------------------------
// Status lines
function deploymentLine(deployment, ours) {
    const running = `${String(deployment.runningCount ?? 0)}/${String(deployment.desiredCount ?? 0)} running`;
    const counts = `${running}, ${String(deployment.pendingCount ?? 0)} pending, ${String(deployment.failedTasks ?? 0)} failed`;
    const rollout = deployment.rolloutState === undefined ? '' : ` ${deployment.rolloutState}`;
    const label = ours
        ? `${deployment.id ?? 'deployment'} (${revisionName(deployment.taskDefinition)})`
        : `${revisionName(deployment.taskDefinition)} ${deployment.status ?? ''}`.trim();
    return `${label}${rollout}: ${counts}`;
}
/** One line for the whole service: ours, the service deployment and breaker, then the other deployments. */
function statusLine(service, ours, serviceDeployment, deploymentSeen) {
    const parts = [];
    if (ours === undefined)
        parts.push(deploymentSeen ? 'our deployment is no longer listed' : 'waiting for our deployment to appear');
    else
        parts.push(deploymentLine(ours, true));
    if (serviceDeployment !== undefined) {
        const stage = serviceDeployment.lifecycleStage === undefined ? '' : ` (${serviceDeployment.lifecycleStage})`;
        parts.push(`service deployment ${serviceDeployment.status ?? 'UNKNOWN'}${stage}`);
        const breaker = serviceDeployment.deploymentCircuitBreaker;
        if (breaker?.threshold !== undefined && breaker.status !== 'DISABLED') {
            parts.push(`circuit breaker ${String(breaker.failureCount ?? 0)}/${String(breaker.threshold)}`);
        }
    }
    for (const other of service.deployments ?? []) {
        if (other !== ours)
            parts.push(deploymentLine(other, false));
    }
    return parts.join('; ');
}
/** Our deployment's counts in a phrase, for a timeout's reason. */
function stateSummary(ours, serviceDeployment, deploymentSeen) {
    if (ours === undefined)
        return deploymentSeen ? 'our deployment is no longer listed in the service' : 'our deployment never appeared in the service';
    const sd = serviceDeployment?.status === undefined ? '' : `, service deployment ${serviceDeployment.status}`;
    return `${String(ours.runningCount ?? 0)}/${String(ours.desiredCount ?? 0)} tasks running, ${String(ours.pendingCount ?? 0)} pending, ${String(ours.failedTasks ?? 0)} failed, rollout ${ours.rolloutState ?? 'unknown'}${sd}`;
}
/** For polls that failed to read the service: the last known state, in words. */
function lastKnownSummary(state) {
    return state.lastStatusLine === '' ? 'the service was never read' : state.lastStatusLine;
}
/** The most frequent lasting failure, as one example a user can act on. */
function explainStoppedTasks(stoppedTasks) {
    const problems = stoppedTasks.filter(countsAsProblem);
    if (problems.length === 0)
        return '';
    const bySignature = new Map();
    for (const report of problems)
        bySignature.set(report.signature, [...(bySignature.get(report.signature) ?? []), report]);
    const [group] = [...bySignature.values()].sort((a, b) => b.length - a.length);
    const example = group?.[0];
    if (group === undefined || example === undefined)
        return '';
    const count = group.length === 1 ? '1 task' : `${String(group.length)} tasks`;
    return `${count} stopped like this: ${describeStoppedTask(example)}`;
}
/** A failure's sentence followed by what the stopped tasks say, when they say anything. */
function withStoppedTasks(sentence, stoppedTasks) {
    const explanation = explainStoppedTasks(stoppedTasks);
    return explanation === '' ? sentence : `${sentence} ${explanation}.`;
}
/** Each deployment's revision and running tasks, for when nothing healthy may be left. */
function whatServiceRuns(service) {
    const deployments = service.deployments ?? [];
    if (deployments.length === 0)
        return `${revisionName(service.taskDefinition)} (no deployment listed)`;
    return deployments
        .map((deployment) => `${revisionName(deployment.taskDefinition)} (${String(deployment.runningCount ?? 0)}/${String(deployment.desiredCount ?? 0)} tasks running)`)
        .join(', ');
}
// ---------------------------------------------------------------------------------------------------
// Verdicts (`label` is watchLabel's)
/** Our deployment failed and ECS's rollback (service deployment ROLLBACK_*) is under way, done, or failed. */
function ecsRollbackSentence(label, serviceDeployment, rollbackTo, service) {
    const { status, statusReason } = serviceDeployment;
    const to = revisionName(rollbackTo);
    const colonReason = statusReason ? `: ${statusReason}` : '';
    if (status === 'ROLLBACK_FAILED') {
        return `${label} failed, and ECS could not roll back to ${to} either (service deployment ${status}${colonReason}): the service may be left without a healthy revision; it runs ${whatServiceRuns(service)}.`;
    }
    if (status === 'ROLLBACK_SUCCESSFUL')
        return `${label} failed: ECS rolled the service back to ${to} (service deployment ${status}${colonReason}).`;
    return `${label} failed: ECS is rolling back to ${to}, service deployment ${status}${statusReason ? ` (${statusReason})` : ''}.`;
}
/** Our own rollback's service deployment failed. */
function rollbackFailedSentence(label, statusReason) {
    return `${label} failed${statusReason ? ` (${statusReason})` : ''}.`;
}
/** rolloutState FAILED, with where ECS rolls back to when it does. */
function rolloutFailedSentence(label, rolloutStateReason, ecsRollbackTo) {
    const why = rolloutStateReason === undefined || rolloutStateReason === '' ? '' : `: ${rolloutStateReason}`;
    return `${label} failed${why}.${ecsRollingBackClause(ecsRollbackTo)}`;
}
/** ECS's breaker started a deployment of the previous revision in place of ours. */
function ecsRollingBackSentence(label, rollbackTo) {
    return `${label} failed: ECS is rolling back to ${revisionName(rollbackTo)}.`;
}
/** Someone else's deployment (its PRIMARY deployment and/or newer service deployment) took the place of ours. */
function replacedSentence(label, ourTaskDefinitionArn, newer, newerServiceDeploymentArn) {
    const details = [
        newer === undefined ? undefined : (newer.id ?? 'unknown id'),
        newer?.taskDefinition === ourTaskDefinitionArn
            ? 'newer than ours: the same revision started again, as a forced new deployment does'
            : 'newer than ours',
        newerServiceDeploymentArn === undefined ? undefined : `service deployment ${newerServiceDeploymentArn}`,
    ].filter((detail) => detail !== undefined);
    const what = newer === undefined ? 'another deployment' : `another deployment of ${revisionName(newer.taskDefinition)}`;
    return `${label} was replaced by ${what} (${details.join(', ')}); someone else deployed, so we do not roll back over it.`;
}
function stoppedEarlySentence(label, status, statusReason) {
    return `${label} was stopped before it completed: service deployment ${status}${statusReason ? ` (${statusReason})` : ''}.`;
}
function breakerTrippedSentence(label, failedCount, threshold, ecsRollbackTo) {
    return `${label} failed: the deployment circuit breaker tripped (${String(failedCount ?? 0)} failed tasks, threshold ${String(threshold ?? 0)}).${ecsRollingBackClause(ecsRollbackTo)}`;
}
/** max-failed-tasks reached; `breaker` when the service has a rolling-back breaker that has not tripped. */
function repeatedFailureSentence(label, count, maxFailedTasks, detail, breaker) {
    const breakerNote = breaker === undefined
        ? ''
        : ` The circuit breaker has not tripped (${String(breaker.failedCount ?? 0)} of ${String(breaker.threshold ?? 0)} failed tasks), so ECS is not rolling back.`;
    return `${label} failed: ${String(count)} tasks stopped with the same failure, which will not fix itself (max-failed-tasks ${String(maxFailedTasks)}): ${detail}.${breakerNote}`;
}
function succeededSentence(label, ours) {
    return `${label} completed: ${String(ours.runningCount ?? 0)}/${String(ours.desiredCount ?? 0)} tasks running (${ours.id ?? 'deployment'}).`;
}
/** ECS said done, but the service does not run the revision we asked for (end-state.ts). */
function wrongRevisionSentence(label, service, wanted, end, completedId) {
    const facts = [
        end.deployed === undefined
            ? undefined
            : `the deployment ECS completed (${completedId ?? 'deployment'}) runs ${revisionName(end.deployed)}`,
        end.serviceTaskDefinition === undefined
            ? end.deployed === undefined
                ? `the service's task definition is not reported`
                : undefined
            : `the service's task definition is ${revisionName(end.serviceTaskDefinition)}`,
    ].filter((fact) => fact !== undefined);
    return `${label} ended on another revision: ${revisionName(end.live)} is live on ${service}, not ${revisionName(wanted)} (${facts.join('; ')}).`;
}
function timedOutSentence(label, minutes, lastSummary, lastEvent) {
    return (0,errors/* asSentence */.KG)(`${label} did not finish within ${String(minutes)} min: ${lastSummary}; last event: ${lastEvent}`);
}
function noProgressSentence(label, minutes, lastSummary, lastEvent) {
    return (0,errors/* asSentence */.KG)(`${label} made no progress for ${String(minutes)} min: ${lastSummary}; last event: ${lastEvent}`);
}
function ecsRollingBackClause(ecsRollbackTo) {
    return ecsRollbackTo === undefined ? '' : ` ECS is rolling back to ${revisionName(ecsRollbackTo)}.`;
}
// ---------------------------------------------------------------------------------------------------
// Rollbacks and the watch's own ends
function ecsRollbackReason(status, to) {
    switch (status) {
        case 'requested':
            return `ECS is rolling back to ${revisionName(to)}`;
        case 'succeeded':
            return `ECS rolled the service back to ${revisionName(to)}`;
        case 'failed':
            return `ECS's rollback to ${revisionName(to)} failed; the service may be left without a healthy revision`;
    }
}
/** What our rollback did, appended to the failure's reason ('' when the reason already says it). */
function rollbackSentence(rollback) {
    // The verdict's reason already says what ECS's own rollback did.
    if (rollback.method === 'ecs-circuit-breaker')
        return '';
    switch (rollback.status) {
        case 'requested':
            return '';
        case 'succeeded':
            return ` We rolled ${rollback.method === 'stop-service-deployment' ? 'the deployment back (StopServiceDeployment)' : 'the service back (UpdateService)'}: it is back on ${revisionName(rollback.taskDefinitionArn)}.`;
        case 'skipped':
            return ` No rollback: ${rollback.reason}.`;
        default:
            return ` Our rollback to ${revisionName(rollback.taskDefinitionArn)} ${rollback.status === 'timed-out' ? 'did not finish' : 'failed'} too: ${rollback.reason}`;
    }
}
/** The watch gave up on reading ECS: which call, how often, and the last state it knew. */
function stoppedWatchingReason(service, operation, failedPolls, error, lastKnown) {
    const retried = failedPolls > 1 ? ` (after ${String(failedPolls)} failed polls in a row)` : '';
    return `Stopped watching ${service}: ${operation} failed${retried} with ${error}. The deployment's last known state: ${lastKnown}.`;
}
// ---------------------------------------------------------------------------------------------------
// ECS's own traffic-shifting strategies (lifecycle-verdict.ts decides)
/** A lifecycle hook failed or timed out, or an alarm went into ALARM; `then` says what ECS does about it. */
function lifecycleFailedSentence(label, failure, stage, then) {
    const at = stage === undefined ? '' : ` at ${stage}`;
    const what = failure.kind === 'hook'
        ? `the lifecycle hook ${failure.hook} ${failure.status === 'FAILED' ? 'answered FAILED' : 'timed out'}${at}`
        : `${failure.alarmNames.length === 1 ? 'the CloudWatch alarm' : 'the CloudWatch alarms'} ${failure.alarmNames.length === 0 ? '(not named by ECS)' : failure.alarmNames.join(', ')} went into ALARM${at}`;
    return `${label} failed: ${what}.${then === '' ? '' : ` ${(0,errors/* asSentence */.KG)(then)}`}`;
}

;// CONCATENATED MODULE: ./src/watch/lifecycle-verdict.ts


function ecsRollbackStatus(status) {
    if (status === 'ROLLBACK_SUCCESSFUL')
        return 'succeeded';
    if (status === 'ROLLBACK_FAILED')
        return 'failed';
    return 'requested';
}
/**
 * ECS rolls back after a failed hook always (that is what FAILED means to it); after an alarm when the
 * service's alarms say rollback, or when the service deployment already says it is rolling back.
 */
function rollsBack(kind, service, serviceDeployment) {
    if (serviceDeployment.status?.startsWith('ROLLBACK_') === true)
        return true;
    if (kind === 'hook')
        return true;
    const alarms = serviceDeployment.deploymentConfiguration?.alarms ?? service.deploymentConfiguration?.alarms;
    return alarms?.rollback === true;
}
/** The failure a hook or an alarm caused, or undefined when neither says anything (yet). */
function judgeLifecycleFailure(state, service, serviceDeployment, rollbackTo) {
    if (state.target.mode !== 'deploy' || serviceDeployment === undefined)
        return undefined;
    const failure = lifecycleFailure(serviceDeployment, state.lifecycle.stage);
    if (failure === undefined)
        return undefined;
    const label = watchLabel(state.target);
    const byEcs = rollsBack(failure.kind, service, serviceDeployment) && rollbackTo !== '';
    const sdStatus = serviceDeployment.status;
    const ecsRollback = ecsRollbackStatus(sdStatus);
    const then = byEcs ? ecsRollbackReason(ecsRollback, rollbackTo) : '';
    return {
        kind: 'failed',
        rolloutState: sdStatus?.startsWith('ROLLBACK_') === true || sdStatus === 'STOPPED' || sdStatus === 'STOP_REQUESTED' ? sdStatus : 'FAILED',
        reason: withStoppedTasks(lifecycleFailedSentence(label, failure, failure.stage, then), state.stoppedTasks),
        rollbackBy: byEcs ? 'ecs' : 'ours',
        ...(byEcs ? { ecsRollbackTo: rollbackTo, ecsRollback } : {}),
    };
}
/**
 * With a traffic-shifting strategy the deployment is done only when its service deployment is SUCCESSFUL:
 * our tasks run long before that, through the traffic shifts and the bake, any of which can still roll it
 * back. False when the rule does not apply (rolling, or no service deployment to read).
 */
function awaitsServiceDeployment(service, serviceDeployment) {
    return (serviceDeployment !== undefined && nativeStrategy(service, serviceDeployment) !== undefined && serviceDeployment.status !== 'SUCCESSFUL');
}

;// CONCATENATED MODULE: ./src/watch/end-state.ts
/**
 * The end state once ECS said our deployment is done. `completed` is the deployment ECS called done (ours
 * by id or revision); its `taskDefinition` and the service's must both be `wanted`. The live revision named
 * is the service's own when it is not ours (that is what new tasks get), else the completed deployment's.
 */
function checkEndState(wanted, service, completed) {
    const deployedRevision = completed?.taskDefinition;
    const deployed = deployedRevision !== undefined && deployedRevision !== wanted ? deployedRevision : undefined;
    // A service whose `taskDefinition` is missing from the answer is not known to run ours either.
    const serviceIsOurs = service.taskDefinition === wanted;
    if (deployed === undefined && serviceIsOurs)
        return { kind: 'ours' };
    const serviceTaskDefinition = serviceIsOurs ? undefined : service.taskDefinition;
    const live = serviceTaskDefinition ?? deployed ?? '(unknown revision)';
    return { kind: 'other', live, deployed, serviceTaskDefinition };
}

;// CONCATENATED MODULE: ./src/watch/verdict.ts







/**
 * Whether ours was replaced, on either path. deployments[]: a PRIMARY deployment that is not ours, by
 * revision or, for the same revision (`--force-new-deployment`), by id; ours seen first or the other one
 * started after our update, so a stale read of the old PRIMARY is not mistaken for it. Service deployments:
 * ours stopped while the service points at a newer one (ECS stops an unfinished service deployment when
 * another starts); the newer ARN alone is not enough, as DescribeServices can lag behind our update.
 */
function replacementOf(state, service, primary, ours, serviceDeployment) {
    const { target } = state;
    let newer;
    if (primary !== undefined && primary !== ours) {
        const otherRevision = primary.taskDefinition !== target.taskDefinitionArn;
        const otherId = primary.id !== undefined && state.deploymentId !== undefined && primary.id !== state.deploymentId;
        const afterOurs = ours !== undefined || state.deploymentSeen || isRecent(createdMs(primary), target.startedAtMs);
        if ((otherRevision || otherId) && afterOurs)
            newer = primary;
    }
    const current = service.currentServiceDeployment;
    const newerArn = current !== undefined && state.serviceDeploymentArn !== undefined && current !== state.serviceDeploymentArn ? current : undefined;
    const stopped = serviceDeployment?.status === 'STOPPED' || serviceDeployment?.status === 'STOP_REQUESTED';
    if (newer === undefined && !(newerArn !== undefined && stopped))
        return undefined;
    return { deployment: newer, serviceDeploymentArn: newerArn };
}
/** Failure signals in the order ECS raises them; the first one found decides. */
function judgeFailure(state, service, ours, serviceDeployment) {
    const { target, stoppedTasks } = state;
    const primary = primaryDeployment(service);
    const otherRevision = primary !== undefined && primary !== ours ? primary.taskDefinition : undefined;
    const rollbackTo = otherRevision !== undefined && otherRevision !== target.taskDefinitionArn ? otherRevision : target.otherTaskDefinitionArn;
    const label = watchLabel(target);
    const sdStatus = serviceDeployment?.status;
    const byEcs = ecsRollsBack(service);
    const ecsRollbackTo = byEcs ? rollbackTo : undefined;
    // A hook or alarm of a traffic-shifting strategy: named, before the rollback it causes is reported.
    const lifecycle = judgeLifecycleFailure(state, service, serviceDeployment, rollbackTo);
    if (lifecycle !== undefined)
        return lifecycle;
    if (target.mode === 'deploy' && serviceDeployment !== undefined && sdStatus?.startsWith('ROLLBACK_') === true) {
        return {
            kind: 'failed',
            rolloutState: sdStatus,
            rollbackBy: 'ecs',
            ecsRollbackTo: rollbackTo,
            ecsRollback: sdStatus === 'ROLLBACK_FAILED' ? 'failed' : sdStatus === 'ROLLBACK_SUCCESSFUL' ? 'succeeded' : 'requested',
            reason: withStoppedTasks(ecsRollbackSentence(label, { ...serviceDeployment, status: sdStatus }, rollbackTo, service), stoppedTasks),
        };
    }
    if (target.mode === 'rollback' && sdStatus === 'ROLLBACK_FAILED') {
        const reason = withStoppedTasks(rollbackFailedSentence(label, serviceDeployment?.statusReason), stoppedTasks);
        return { kind: 'failed', rolloutState: sdStatus, reason, rollbackBy: 'none' };
    }
    const replacement = replacementOf(state, service, primary, ours, serviceDeployment);
    // ECS's circuit breaker rolls back by starting a deployment of the previous revision: a replacement too, but ECS's.
    const ecsRollingBack = replacement?.deployment?.taskDefinition === target.otherTaskDefinitionArn && byEcs && target.mode === 'deploy';
    if (ours?.rolloutState === 'FAILED' && (replacement === undefined || ecsRollingBack)) {
        return {
            kind: 'failed',
            rolloutState: 'FAILED',
            reason: withStoppedTasks(rolloutFailedSentence(label, ours.rolloutStateReason, ecsRollbackTo), stoppedTasks),
            rollbackBy: byEcs ? 'ecs' : 'ours',
            ecsRollbackTo,
        };
    }
    if (replacement !== undefined) {
        if (ecsRollingBack) {
            const reason = withStoppedTasks(ecsRollingBackSentence(label, rollbackTo), stoppedTasks);
            return { kind: 'failed', rolloutState: 'FAILED', reason, rollbackBy: 'ecs', ecsRollbackTo: rollbackTo };
        }
        return {
            kind: 'failed',
            rolloutState: serviceDeployment?.status ?? ours?.rolloutState ?? 'REPLACED',
            reason: replacedSentence(label, target.taskDefinitionArn, replacement.deployment, replacement.serviceDeploymentArn),
            rollbackBy: 'none',
        };
    }
    if (target.mode === 'deploy' && (sdStatus === 'STOP_REQUESTED' || sdStatus === 'STOPPED')) {
        const reason = withStoppedTasks(stoppedEarlySentence(label, sdStatus, serviceDeployment?.statusReason), stoppedTasks);
        return { kind: 'failed', rolloutState: sdStatus, reason, rollbackBy: 'none' };
    }
    const breaker = readBreaker(service, ours, serviceDeployment);
    if (breaker.tripped) {
        return {
            kind: 'failed',
            rolloutState: 'FAILED',
            reason: withStoppedTasks(breakerTrippedSentence(label, breaker.failedCount, breaker.threshold, ecsRollbackTo), stoppedTasks),
            rollbackBy: byEcs ? 'ecs' : 'ours',
            ecsRollbackTo,
        };
    }
    if (target.maxFailedTasks > 0) {
        const repeated = [...state.failureCounts.entries()].find(([, count]) => count >= target.maxFailedTasks);
        if (repeated !== undefined) {
            const example = stoppedTasks.find((report) => report.signature === repeated[0]);
            const detail = example === undefined ? repeated[0] : describeStoppedTask(example);
            // The breaker was checked just above and has not tripped, so ECS will not roll back until it reaches its
            // threshold, which may be far off (up to 200 tasks): the rollback is ours (rollback-on-failure), not ECS's.
            return {
                kind: 'failed',
                rolloutState: 'FAILED',
                reason: repeatedFailureSentence(label, repeated[1], target.maxFailedTasks, detail, byEcs ? breaker : undefined),
                rollbackBy: 'ours',
            };
        }
    }
    return undefined;
}
/**
 * Success once ECS says our deployment is done, and only if the end state is ours (end-state.ts); ECS done
 * on another revision is a failure that names the live one. Also when our deployment is not listed but our
 * service deployment says SUCCESSFUL: the PRIMARY deployment is then what completed.
 */
function judgeSuccess(state, service, ours, serviceDeployment) {
    const { target } = state;
    const sdStatus = serviceDeployment?.status;
    const sdDone = target.mode === 'deploy' ? sdStatus === 'SUCCESSFUL' : sdStatus === 'ROLLBACK_SUCCESSFUL';
    const wrongRevision = (completed) => {
        const end = checkEndState(target.taskDefinitionArn, service, completed);
        if (end.kind === 'ours')
            return undefined;
        const reason = wrongRevisionSentence(watchLabel(target), target.service, target.taskDefinitionArn, end, completed?.id);
        return { kind: 'failed', rolloutState: 'FAILED', reason, rollbackBy: 'none' };
    };
    if (ours === undefined)
        return sdDone ? wrongRevision(primaryDeployment(service)) : undefined;
    // BLUE_GREEN, LINEAR, CANARY: our tasks run long before the traffic shifts and the bake are over.
    if (target.mode === 'deploy' && awaitsServiceDeployment(service, serviceDeployment))
        return undefined;
    const rolloutDone = ours.rolloutState === 'COMPLETED';
    // A deployment looks steady (PRIMARY, alone, every task running) before ECS is done with it: health checks,
    // bake time and alarms can still fail it and roll it back. So when ECS states where it is, only its
    // SUCCESSFUL / COMPLETED counts; "steady" decides only when ECS gives neither state.
    const ecsSaysNothing = sdStatus === undefined && ours.rolloutState === undefined;
    const others = (service.deployments ?? []).filter((deployment) => deployment !== ours);
    const steady = ecsSaysNothing &&
        primaryDeployment(service) === ours &&
        others.length === 0 &&
        (ours.runningCount ?? 0) === (ours.desiredCount ?? 0) &&
        (ours.pendingCount ?? 0) === 0;
    if (!sdDone && !rolloutDone && !steady)
        return undefined;
    // Done, by ECS's word: the deployment that completed and the service must both run our revision.
    const failed = wrongRevision(ours);
    if (failed !== undefined)
        return failed;
    // One word for success in the `rollout-state` output whichever of ECS's signals came first (workflows test
    // it), rather than a stale IN_PROGRESS; a rollback's ROLLBACK_SUCCESSFUL says more.
    const rolloutState = target.mode === 'rollback' && sdDone ? 'ROLLBACK_SUCCESSFUL' : 'COMPLETED';
    return { kind: 'succeeded', rolloutState, summary: succeededSentence(watchLabel(target), ours) };
}
/** The wait is over (or stuck) whatever the last snapshot said. Also used when a poll could not read anything. */
function judgeTime(state, nowMs, lastSummary) {
    const { target } = state;
    const label = watchLabel(target);
    const lastEvent = state.events.at(-1) ?? 'none';
    if (nowMs >= target.deadlineMs) {
        const minutes = Math.round((target.deadlineMs - target.clockStartMs) / 60_000);
        const reason = timedOutSentence(label, minutes, lastSummary, lastEvent);
        return { kind: 'timed-out', rolloutState: 'TIMED_OUT', reason, rollbackBy: 'ours' };
    }
    if (target.noProgressMs > 0 && nowMs - state.lastProgressAtMs >= target.noProgressMs) {
        const minutes = Math.round(target.noProgressMs / 60_000);
        const reason = noProgressSentence(label, minutes, lastSummary, lastEvent);
        return { kind: 'timed-out', rolloutState: 'TIMED_OUT', reason, rollbackBy: 'ours' };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/watch/observe.ts






const CONTINUE = { kind: 'continue' };
function eventKey(event) {
    return event.id ?? `${String(createdMs(event))}|${event.message ?? ''}`;
}
/** Anything ECS reports changing: counts, statuses, the breaker, new events or stopped tasks. */
function progressKeyOf(service, serviceDeployment, state) {
    const deployments = (service.deployments ?? []).map((deployment) => [
        deployment.id,
        deployment.status,
        deployment.runningCount,
        deployment.pendingCount,
        deployment.failedTasks,
        deployment.desiredCount,
        deployment.rolloutState,
    ].join(','));
    const breaker = serviceDeployment?.deploymentCircuitBreaker;
    return JSON.stringify([
        deployments,
        serviceDeployment?.status,
        serviceDeployment?.lifecycleStage,
        breaker?.failureCount,
        state.seenEventKeys.size,
        state.seenTaskArns.size,
    ]);
}
/**
 * Our deployment's creation time when it was created by our update (a rollback may find an old
 * deployment of the previous revision as ours: its time says nothing about which events are new).
 */
function createdSinceUpdate(ours, startedAtMs) {
    const created = ours === undefined ? undefined : createdMs(ours);
    return created !== undefined && isRecent(created, startedAtMs) ? created : undefined;
}
/** Feeds one poll's snapshot into the watch. */
function observe(previous, snapshot) {
    const { service, serviceDeployment, nowMs } = snapshot;
    const { target } = previous;
    const lines = [];
    const ours = findOurDeployment(service, previous);
    // Events: once each, oldest first, only since our update: since our deployment was created when ECS
    // says when (its clock, as the events'), else since our call, give or take the clock skew.
    const deploymentCreatedAtMs = previous.deploymentCreatedAtMs ?? createdSinceUpdate(ours, target.startedAtMs);
    const isOurs = (createdAtMs) => deploymentCreatedAtMs === undefined ? isRecent(createdAtMs, target.startedAtMs) : createdAtMs >= deploymentCreatedAtMs;
    const seenEventKeys = new Set(previous.seenEventKeys);
    const newEvents = (service.events ?? [])
        .filter((event) => isOurs(createdMs(event) ?? Number.POSITIVE_INFINITY) && !seenEventKeys.has(eventKey(event)))
        .sort(oldestFirst);
    const events = [...previous.events];
    for (const event of newEvents) {
        seenEventKeys.add(eventKey(event));
        const text = `${formatClock(event.createdAt)} ${event.message ?? ''}`;
        events.push(text);
        lines.push(`event ${text}`);
    }
    // Stopped tasks of our deployment, when looked up this poll.
    const seenTaskArns = new Set(previous.seenTaskArns);
    const failureCounts = new Map(previous.failureCounts);
    const newStoppedTasks = [];
    let stoppingTasksPending = previous.stoppingTasksPending;
    let inspectedFailedTasks = previous.inspectedFailedTasks;
    if (snapshot.stoppedTasks !== undefined) {
        stoppingTasksPending = false;
        inspectedFailedTasks = ours?.failedTasks ?? inspectedFailedTasks;
        for (const task of snapshot.stoppedTasks) {
            const arn = task.taskArn;
            if (arn === undefined || seenTaskArns.has(arn))
                continue;
            if (task.taskDefinitionArn !== undefined && task.taskDefinitionArn !== target.taskDefinitionArn)
                continue;
            if (task.lastStatus !== undefined && task.lastStatus !== 'STOPPED') {
                stoppingTasksPending = true;
                continue;
            }
            seenTaskArns.add(arn);
            const report = classifyStoppedTask(task, target.essentialContainers);
            newStoppedTasks.push(report);
            if (report.kind === 'failure')
                failureCounts.set(report.signature, (failureCounts.get(report.signature) ?? 0) + 1);
            lines.push(describeStoppedTask(report));
        }
    }
    let state = {
        ...previous,
        deploymentId: previous.deploymentId ?? ours?.id,
        serviceDeploymentArn: previous.serviceDeploymentArn ?? serviceDeployment?.serviceDeploymentArn,
        seenEventKeys,
        seenTaskArns,
        failureCounts,
        stoppedTasks: [...previous.stoppedTasks, ...newStoppedTasks],
        events,
        inspectedFailedTasks,
        stoppingTasksPending,
        lastRunningCount: ours?.runningCount ?? previous.lastRunningCount,
        deploymentSeen: previous.deploymentSeen || ours !== undefined,
        deploymentCreatedAtMs,
        rolloutState: serviceDeployment?.status?.startsWith('ROLLBACK_') === true
            ? serviceDeployment.status
            : (ours?.rolloutState ?? previous.rolloutState),
    };
    const progressKey = progressKeyOf(service, serviceDeployment, state);
    const line = statusLine(service, ours, serviceDeployment, state.deploymentSeen);
    if (line !== previous.lastStatusLine)
        lines.push(line);
    const lifecycle = followLifecycle(previous.lifecycle, {
        service,
        serviceDeployment,
        nowMs,
        // Our own rollback's watch does not warn again.
        waitMinutes: target.mode === 'deploy' ? Math.round((target.deadlineMs - target.clockStartMs) / 60_000) : undefined,
        revision: revisionName(target.taskDefinitionArn),
    });
    lines.push(...lifecycle.lines);
    const warnings = lifecycle.warnings;
    state = {
        ...state,
        lifecycle: lifecycle.state,
        progressKey,
        lastStatusLine: line,
        // ECS's own bake and the waits between traffic steps are progress as planned, not a stall.
        lastProgressAtMs: progressKey === previous.progressKey && !inPlannedWait(lifecycle.state) ? previous.lastProgressAtMs : nowMs,
    };
    const verdict = judgeFailure(state, service, ours, serviceDeployment) ??
        judgeSuccess(state, service, ours, serviceDeployment) ??
        judgeTime(state, nowMs, stateSummary(ours, serviceDeployment, state.deploymentSeen)) ??
        CONTINUE;
    if (verdict.kind === 'continue')
        return { state, lines, warnings, newStoppedTasks, verdict };
    if (verdict.kind === 'succeeded')
        lines.push(verdict.summary);
    return { state: { ...state, rolloutState: verdict.rolloutState }, lines, warnings, newStoppedTasks, verdict };
}

;// CONCATENATED MODULE: ./src/watch/step-reads.ts
// The batched ECS reads of one poll of the step: DescribeServices per cluster ten services at a time,
// DescribeServiceDeployments twenty ARNs at a time, DescribeTasks per cluster a hundred tasks at a time.
// The calls of one read go out side by side; each is made once on the step's budget (tried once more
// within the poll when throttled) and counted for every service it read. Which service gets which part of an answer is batching.ts's (pure) job.




/** Each batch's answer, read side by side, and how many calls each took (a throttled read is tried once more). */
async function readBatches(step, operation, batches, send) {
    const attempts = batches.map(() => 0);
    const answers = await Promise.all(batches.map(async (batch, index) => {
        try {
            const value = await step.read(operation, () => {
                attempts[index] = (attempts[index] ?? 0) + 1;
                return send(batch);
            });
            return { ok: true, value };
        }
        catch (error) {
            return { ok: false, error };
        }
    }));
    return { answers, attempts };
}
/** Counts for a service every call made for a batch it was in. */
function creditCalls(member, batches, attempts, inBatch) {
    for (const [index, batch] of batches.entries()) {
        if (!inBatch(batch))
            continue;
        for (let call = 0; call < (attempts[index] ?? 0); call++)
            member.calls.credit();
    }
}
/** Each service as DescribeServices answered it; a service ECS did not return is a FailedCall of its own. */
async function readServices(step, ecs, members) {
    const batches = serviceBatches(members);
    const { answers, attempts } = await readBatches(step, 'DescribeServices', batches, (batch) => ecs.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster: batch.cluster, services: [...batch.items] })));
    return fanOutServices(members, batches, answers).map((read, index) => {
        const member = collections_itemAt(members, index);
        const { cluster, service } = member;
        creditCalls(member, batches, attempts, (batch) => batch.cluster === cluster && batch.items.includes(service));
        if (read.kind === 'found')
            return { ok: true, value: read.service };
        if (read.kind === 'failed')
            return { ok: false, error: read.error };
        const missing = Object.assign(new Error(`service ${service} not found in cluster ${cluster} (${read.reason})`), {
            name: 'ServiceNotFoundException',
        });
        return { ok: false, error: new FailedCall('DescribeServices', missing) };
    });
}
/** Each service deployment by its ARN (undefined when ECS did not describe it), or the error of its batch. */
async function readServiceDeployments(step, ecs, members) {
    const batches = arnBatches(members.map((member) => member.arn), BATCH_LIMITS.describeServiceDeployments);
    const { answers, attempts } = await readBatches(step, 'DescribeServiceDeployments', batches, (arns) => ecs.send(new client_ecs_dist_cjs/* DescribeServiceDeploymentsCommand */.A6p({ serviceDeploymentArns: arns })));
    for (const member of members)
        creditCalls(member, batches, attempts, (batch) => batch.includes(member.arn));
    return fanOutServiceDeployments(batches, answers);
}
/** Each request's stopped tasks, in order, or the error of its batch; no call at all when nothing is to be described. */
async function readTasks(step, ecs, members) {
    const batches = taskBatches(members);
    const { answers, attempts } = await readBatches(step, 'DescribeTasks', batches, (batch) => ecs.send(new client_ecs_dist_cjs/* DescribeTasksCommand */.z8X({ cluster: batch.cluster, tasks: [...batch.items] })));
    for (const member of members)
        creditCalls(member, batches, attempts, (batch) => batch.cluster === member.cluster && member.taskArns.some((arn) => batch.items.includes(arn)));
    return fanOutTasks(members, batches, answers);
}

;// CONCATENATED MODULE: ./src/watch/watch-state.ts

function startWatch(target, carried) {
    return {
        target,
        deploymentId: target.deploymentId,
        serviceDeploymentArn: target.serviceDeploymentArn,
        seenEventKeys: carried?.seenEventKeys ?? new Set(),
        seenTaskArns: carried?.seenTaskArns ?? new Set(),
        failureCounts: new Map(),
        stoppedTasks: [],
        events: [],
        progressKey: '',
        lastProgressAtMs: target.clockStartMs,
        lastStatusLine: '',
        inspectedFailedTasks: 0,
        lastRunningCount: 0,
        stoppingTasksPending: false,
        rolloutState: 'IN_PROGRESS',
        deploymentSeen: false,
        deploymentCreatedAtMs: undefined,
        lifecycle: LIFECYCLE_START,
    };
}

;// CONCATENATED MODULE: ./src/watch/poll-loop.ts














/** One watch (our deploy, or our rollback) of one service, polled by the step's loop until it has a verdict. */
class WatchRun {
    watch;
    target;
    state;
    serviceDeployments;
    lastService;
    consecutiveErrors = 0;
    constructor(watch, target, carried) {
        this.watch = watch;
        this.target = target;
        this.state = startWatch(target, carried);
        this.serviceDeployments = new ServiceDeploymentReader(watch, target);
    }
    result(verdict, pollFailed = false) {
        return { verdict, state: this.state, serviceDeploymentArn: this.serviceDeployments.arn, service: this.lastService, pollFailed };
    }
}
/** Polls until every watch, and every watch its verdict starts, has a verdict (or `stop` says so); the open watches are returned. */
async function runWatches(loop, first) {
    const { calls } = loop;
    let active = [...first];
    let delay = poll_policy/* POLL_POLICY */.RR.intervalMs;
    await calls.sleep(poll_policy/* POLL_POLICY */.RR.firstPollDelayMs);
    while (active.length > 0) {
        const throttlesBefore = calls.absorbedThrottles;
        const { steps, pollCalls } = await pollCycle(loop, active);
        const failed = steps.flatMap((step) => (step.kind === 'failed' ? [step.failure.kind] : []));
        // Throttling anywhere slows the whole step: the account's rate limit is shared by every service.
        delay = nextCadence({
            activity: busiest(steps.flatMap((step) => (step.kind === 'continue' ? [step.activity] : []))),
            outcome: pollOutcome(failed, calls.absorbedThrottles - throttlesBefore),
            previousDelayMs: delay,
            pollCalls,
            usedInWindow: calls.ledger.usedInWindow(calls.now()),
            maxCallsPerMinute: calls.ledger.maxCallsPerMinute,
            random: calls.random,
        });
        const ended = [];
        const going = [];
        for (const [index, step] of steps.entries()) {
            const run = active[index];
            if (run === undefined)
                continue;
            const verdict = step.kind === 'verdict' ? run.result(step.verdict) : step.kind === 'failed' ? afterFailure(run, step.failure, delay) : undefined;
            if (verdict === undefined)
                going.push(run);
            else
                ended.push({ run, result: verdict });
        }
        const next = await Promise.all(ended.map(({ run, result }) => loop.onVerdict(run, result)));
        const joining = next.filter((run) => run !== undefined);
        active = [...going, ...joining];
        if (active.length === 0 || loop.stop?.() === true)
            break;
        // A watch that just began (our rollback) gets its quick first look; one last look at the nearest
        // deadline, so a deployment finishing in the last seconds is not called a timeout.
        const wait = joining.length > 0 ? Math.min(delay, poll_policy/* POLL_POLICY */.RR.firstPollDelayMs) : delay;
        const remaining = Math.min(...active.map((run) => run.target.deadlineMs)) - calls.now();
        await calls.sleep(Math.max(0, Math.min(wait, remaining)));
    }
    return active;
}
/** A failed poll of one watch: its verdict when the failure ends it (or its time is up), else undefined after saying so. */
function afterFailure(run, failure, delay) {
    const { watch, target } = run;
    run.consecutiveErrors += 1;
    if (!failure.retryable || run.consecutiveErrors > poll_policy/* POLL_POLICY */.RR.maxConsecutiveErrors) {
        const reason = stoppedWatchingReason(target.service, failure.operation, run.consecutiveErrors, (0,errors/* describeError */.Uc)(failure.cause), lastKnownSummary(run.state));
        return run.result({ kind: 'failed', rolloutState: run.state.rolloutState, reason, rollbackBy: 'none' }, true);
    }
    watch.print.info(`${failure.operation} ${failure.kind === 'throttled' ? 'was throttled' : `failed (${(0,errors/* describeError */.Uc)(failure.cause)})`}; next poll in ${String(delay / 1000)} s`);
    const late = judgeTime(run.state, watch.calls.now(), lastKnownSummary(run.state));
    return late === undefined ? undefined : run.result(late);
}
/** Runs `work` for a watch still going in this cycle; a throw (a bug of ours included) fails that watch alone. */
async function forEachGoing(cycle, work) {
    await Promise.all(cycle
        .filter((entry) => entry.failure === undefined)
        .map((entry) => Promise.resolve()
        .then(() => work(entry))
        .catch((error) => {
        entry.failure = asFailedCall(error);
    })));
}
/** One poll of every active watch: the batched reads, then each watch's own step; and the calls every poll needs. */
async function pollCycle(loop, active) {
    const { calls: step, ecs } = loop;
    const cycle = active.map((run) => ({ run }));
    const keys = active.map((run) => ({ cluster: run.watch.request.cluster, service: run.watch.request.service, calls: run.watch.calls }));
    const services = await readServices(step, ecs, keys);
    for (const [index, entry] of cycle.entries()) {
        const answer = services[index];
        if (answer?.ok === true)
            entry.service = entry.run.lastService = answer.value;
        else
            entry.failure = asFailedCall(answer?.error, 'DescribeServices');
    }
    // Our service deployments: looked up per service while unknown, then described in one batch.
    const arns = new Map();
    await forEachGoing(cycle, async (entry) => {
        const arn = await entry.run.serviceDeployments.arnToDescribe(entry.run.state.deploymentId);
        if (arn !== undefined)
            arns.set(entry, arn);
    });
    const described = await readServiceDeployments(step, ecs, [...arns].map(([entry, arn]) => ({ arn, calls: entry.run.watch.calls })));
    await forEachGoing(cycle, (entry) => {
        const answer = described.get(arns.get(entry) ?? '');
        if (answer !== undefined)
            entry.serviceDeployment = entry.run.serviceDeployments.accept(answer);
    });
    // Stopped tasks of our deployment: listed per service (ListTasks filters by deployment), described in one batch per cluster.
    const listed = new Map();
    await forEachGoing(cycle, async (entry) => {
        const { run } = entry;
        const ours = entry.service === undefined ? undefined : findOurDeployment(entry.service, run.state);
        if (ours?.id === undefined || !needsStoppedTaskLookup(ours, run.state))
            return;
        const taskArns = await run.watch.stoppedTasks.list(ours.id, run.state.seenTaskArns);
        if (taskArns !== undefined)
            listed.set(entry, taskArns);
    });
    const requests = [...listed].map(([entry, taskArns]) => ({
        cluster: entry.run.watch.request.cluster,
        taskArns,
        calls: entry.run.watch.calls,
    }));
    const tasks = await readTasks(step, ecs, requests);
    const listedEntries = [...listed.keys()];
    await forEachGoing(cycle, (entry) => {
        // A service that listed no new stopped task gets an empty answer without a call: looked up, none.
        const answer = tasks[listedEntries.indexOf(entry)];
        if (answer !== undefined)
            entry.stoppedTasks = entry.run.watch.stoppedTasks.accept(answer);
    });
    // Each watch's own step, side by side: printing, and the logs of tasks that stopped.
    const verdicts = new Map();
    const activities = new Map();
    await forEachGoing(cycle, async (entry) => {
        const { run, service } = entry;
        const { watch } = run;
        if (service === undefined)
            return;
        const nowMs = watch.calls.now();
        const result = observe(run.state, {
            nowMs,
            service,
            serviceDeployment: entry.serviceDeployment,
            stoppedTasks: entry.stoppedTasks,
        });
        activities.set(entry, activityOf(run.state, result.state, service, nowMs));
        run.state = result.state;
        run.consecutiveErrors = 0;
        for (const warning of result.warnings ?? [])
            watch.print.warning(warning);
        for (const line of result.lines)
            watch.print.info(line);
        for (const report of result.newStoppedTasks) {
            if (report.kind === 'scale-in' || report.kind === 'interrupted')
                continue;
            // The logs first, so the annotation can quote the line that says why the container exited.
            const [first] = await watch.containerLogs.show(report);
            watch.print.annotateOnce(report, first && explainingLine(first.container, first.lines));
        }
        if (result.verdict.kind !== 'continue')
            verdicts.set(entry, result.verdict);
    });
    const steps = cycle.map((entry) => {
        if (entry.failure !== undefined)
            return { kind: 'failed', failure: entry.failure };
        const verdict = verdicts.get(entry);
        return verdict === undefined ? { kind: 'continue', activity: activities.get(entry) ?? 'steady' } : { kind: 'verdict', verdict };
    });
    const pollCalls = serviceBatches(keys).length + arnBatches([...arns.values()], BATCH_LIMITS.describeServiceDeployments).length;
    return { steps, pollCalls };
}

;// CONCATENATED MODULE: ./src/watch/rollback-calls.ts
// The calls that start our own rollback: StopServiceDeployment ROLLBACK when we know our service
// deployment (ECS then returns to the exact previous service revision), else UpdateService back to the
// previous task definition.




/** Starts the rollback; throws FailedCall when neither way could start it. */
async function startRollback(context, serviceDeploymentArn) {
    const { ecs, cluster, service, previousTaskDefinitionArn } = context.request;
    const startedAtMs = context.calls.now();
    if (serviceDeploymentArn !== undefined) {
        try {
            await context.calls.change('StopServiceDeployment', () => ecs.send(new client_ecs_dist_cjs/* StopServiceDeploymentCommand */.a8L({ serviceDeploymentArn, stopType: 'ROLLBACK' })));
            return { method: 'stop-service-deployment', deploymentId: undefined, serviceDeploymentArn, startedAtMs };
        }
        catch (error) {
            const failure = asFailedCall(error);
            if (failure.kind === 'expired')
                throw failure;
            context.print.info(`StopServiceDeployment failed (${(0,errors/* describeError */.Uc)(failure.cause)}); rolling back with UpdateService instead`);
        }
    }
    const answer = await context.calls.change('UpdateService', () => ecs.send(new client_ecs_dist_cjs/* UpdateServiceCommand */.kZr({ cluster, service, taskDefinition: previousTaskDefinitionArn })));
    return { method: 'update-service', deploymentId: primaryDeployment(answer.service)?.id, serviceDeploymentArn: undefined, startedAtMs };
}

;// CONCATENATED MODULE: ./src/watch/rollback-policy.ts
// Whether and how a failed deployment is rolled back, and the target our own rollback is watched for.
// Pure: the loop does the calls (rollback-calls.ts) and watches the rollback (watch-deployment.ts).


function decideRollback(verdict, facts) {
    if (verdict.kind === 'succeeded')
        return { action: 'none' };
    const to = facts.previousTaskDefinitionArn;
    if (verdict.rollbackBy === 'ecs') {
        const ecsTo = verdict.ecsRollbackTo ?? to;
        const status = verdict.ecsRollback ?? 'requested';
        return {
            action: 'report',
            report: { method: 'ecs-circuit-breaker', status, reason: ecsRollbackReason(status, ecsTo), taskDefinitionArn: ecsTo },
        };
    }
    if (verdict.rollbackBy !== 'ours')
        return { action: 'none' };
    // A timeout says nothing ECS's breaker can act on. A failure we judged (max-failed-tasks before the
    // breaker's threshold) is ours to roll back: the breaker may not trip for a long while.
    const skip = verdict.kind === 'timed-out' && facts.serviceRollsBack
        ? "the service's circuit breaker owns rollbacks and has not acted yet"
        : rollbackSkipReason(facts);
    if (skip !== undefined)
        return { action: 'report', report: { method: 'none', status: 'skipped', reason: skip, taskDefinitionArn: to } };
    return { action: 'roll-back' };
}
function rollbackSkipReason(facts) {
    if (!facts.rollbackOnFailure)
        return `rollback-on-failure is off, so ${facts.service} stays on ${revisionName(facts.taskDefinitionArn)}`;
    if (facts.pollFailed)
        return 'we could not read the service, so we did not touch it';
    if (facts.previousTaskDefinitionArn === '')
        return 'there is no previous revision to return to';
    // The previous revision can never be the deployed one: it is read from the service before the action
    // registers the new revision, and RegisterTaskDefinition always creates a new revision number.
    return undefined;
}
/** Our rollback is watched like a deployment of the previous revision, for what is left of the wait (at least a minimum). */
function rollbackTarget(deployed, start, nowMs) {
    const remaining = Math.max(0, deployed.deadlineMs - nowMs);
    return {
        ...deployed,
        mode: 'rollback',
        taskDefinitionArn: deployed.otherTaskDefinitionArn,
        otherTaskDefinitionArn: deployed.taskDefinitionArn,
        deploymentId: start.deploymentId,
        serviceDeploymentArn: start.serviceDeploymentArn,
        startedAtMs: start.startedAtMs,
        clockStartMs: nowMs,
        deadlineMs: nowMs + Math.max(remaining, poll_policy/* POLL_POLICY */.RR.minRollbackWatchMs),
    };
}
/** What our rollback came to, from the verdict of its watch. */
function rollbackReportOf(method, to, verdict) {
    if (verdict.kind === 'succeeded') {
        return { method, status: 'succeeded', reason: `The service is back on ${revisionName(to)}.`, taskDefinitionArn: to };
    }
    return { method, status: verdict.kind, reason: verdict.reason, taskDefinitionArn: to };
}

;// CONCATENATED MODULE: ./src/watch/watch-printer.ts
// The watch's printing: every line prefixed with the service's name when several are watched, and one
// error annotation per service for the first task that stopped, with its container's last log line.


class WatchPrinter {
    service;
    logPrefix;
    annotated = false;
    constructor(service, logPrefix) {
        this.service = service;
        this.logPrefix = logPrefix;
    }
    get prefix() {
        return this.logPrefix === undefined ? '' : `[${this.logPrefix}] `;
    }
    info(line) {
        core.info(`${this.prefix}${line}`);
    }
    debug(line) {
        core.debug(`${this.prefix}${line}`);
    }
    warning(line) {
        core.warning(`${this.prefix}${line}`);
    }
    /** The first stopped task becomes an annotation on the run, with its container's last log line; the rest are in the log. */
    annotateOnce(report, lastLogLine) {
        if (this.annotated)
            return;
        this.annotated = true;
        core.error(stoppedTaskAnnotation(report, lastLogLine), { title: `${this.service}: task ${report.taskId} stopped` });
    }
}
/** Longer log lines are cut: the annotation is one line, and the whole line is in the log above it. */
const MAX_LOG_LINE = 300;
function stoppedTaskAnnotation(report, lastLogLine) {
    const described = describeStoppedTask(report);
    const line = lastLogLine?.line.replace(/\s+/g, ' ').trim() ?? '';
    if (lastLogLine === undefined || line === '')
        return described;
    const shown = line.length > MAX_LOG_LINE ? `${line.slice(0, MAX_LOG_LINE - 1)}…` : line;
    const what = lastLogLine.kind === 'error' ? `last error logged by ${lastLogLine.container}` : `last log line of ${lastLogLine.container}`;
    return `${described}; ${what}: ${shown}`;
}

;// CONCATENATED MODULE: ./src/watch/watch-deployment.ts
// The deployment watch's entry: watch every service's deployment of the step to a verdict in one polling
// loop (batched reads, one call budget), roll back a service when it does not do it itself
// (rollback-policy.ts decides), and answer one outcome per service.
















async function openServiceWatch(request, step) {
    const context = { request, calls: step.forService(), print: new WatchPrinter(request.service, request.logPrefix) };
    return { ...context, stoppedTasks: new StoppedTaskReader(context), containerLogs: await ContainerLogs.open(context) };
}
/** One service through the step: the watch of our deployment, then perhaps our rollback and its watch, to one outcome. */
class ServiceJourney {
    watch;
    outcome;
    clockStartMs;
    deployed;
    rollbackMethod = 'update-service';
    constructor(watch) {
        this.watch = watch;
        this.clockStartMs = watch.calls.now();
    }
    get request() {
        return this.watch.request;
    }
    /** The watch of our deployment. */
    firstRun() {
        const { request, clockStartMs } = this;
        const { options } = request;
        this.watch.print.info(`Watching ${request.service} in ${request.cluster} roll out ${revisionName(request.taskDefinitionArn)}: polling every ${String(CADENCE.busyMs / 1000)} s while tasks start or stop, ${String(CADENCE.steadyMs / 1000)} s while nothing changes, for up to ${String(options.waitMinutes)} min` +
            (options.noProgressMinutes > 0 ? `, failing after ${String(options.noProgressMinutes)} min without progress` : ''));
        return new WatchRun(this.watch, {
            service: request.service,
            mode: 'deploy',
            taskDefinitionArn: request.taskDefinitionArn,
            otherTaskDefinitionArn: request.previousTaskDefinitionArn,
            deploymentId: request.deploymentId,
            serviceDeploymentArn: request.serviceDeploymentArn,
            startedAtMs: request.updatedAt.getTime(),
            clockStartMs,
            deadlineMs: clockStartMs + options.waitMinutes * 60_000,
            noProgressMs: options.noProgressMinutes * 60_000,
            maxFailedTasks: options.maxFailedTasks,
            essentialContainers: essentialContainers(request.taskDefinition),
        });
    }
    /** A watch of this service ended: start our rollback (and return its watch), or settle the outcome. */
    async onVerdict(result) {
        const deployed = this.deployed;
        if (deployed !== undefined) {
            // The watch of our rollback ended.
            this.finish(deployed, rollbackReportOf(this.rollbackMethod, this.request.previousTaskDefinitionArn, result.verdict), result.state.events);
            return undefined;
        }
        this.deployed = result;
        const { request } = this;
        const decision = decideRollback(result.verdict, {
            service: request.service,
            taskDefinitionArn: request.taskDefinitionArn,
            previousTaskDefinitionArn: request.previousTaskDefinitionArn,
            rollbackOnFailure: request.options.rollbackOnFailure,
            pollFailed: result.pollFailed,
            serviceRollsBack: result.service !== undefined && ecsRollsBack(result.service),
        });
        if (decision.action === 'roll-back')
            return this.startRollback(result);
        this.finish(result, decision.action === 'report' ? decision.report : undefined, []);
        return undefined;
    }
    /** Starts our rollback; its watch is like a deployment of the previous revision. */
    async startRollback(deployed) {
        const { watch } = this;
        const to = this.request.previousTaskDefinitionArn;
        let start;
        try {
            start = await startRollback(watch, deployed.serviceDeploymentArn);
        }
        catch (error) {
            const reason = `it could not start: ${(0,errors/* describeError */.Uc)(asFailedCall(error).cause)}.`;
            this.finish(deployed, { method: 'update-service', status: 'failed', reason, taskDefinitionArn: to }, []);
            return undefined;
        }
        this.rollbackMethod = start.method;
        watch.print.info(`Rolling ${this.request.service} back to ${revisionName(to)} (${start.method === 'stop-service-deployment' ? 'StopServiceDeployment ROLLBACK' : 'UpdateService'})`);
        const target = rollbackTarget(deployed.state.target, start, watch.calls.now());
        return new WatchRun(watch, target, { seenEventKeys: deployed.state.seenEventKeys, seenTaskArns: deployed.state.seenTaskArns });
    }
    finish(run, rollback, rollbackEvents) {
        const { verdict, state } = run;
        const reason = verdict.kind === 'succeeded' ? '' : `${verdict.reason}${rollback === undefined ? '' : rollbackSentence(rollback)}`;
        if (reason !== '')
            this.watch.print.info(reason);
        this.outcome = {
            service: this.request.service,
            status: verdict.kind,
            rolloutState: verdict.rolloutState,
            deploymentId: run.serviceDeploymentArn ?? state.serviceDeploymentArn ?? state.deploymentId ?? '',
            reason,
            stoppedTasks: state.stoppedTasks,
            events: [...state.events, ...rollbackEvents],
            rollback,
            durationMs: this.watch.calls.now() - this.clockStartMs,
            apiCalls: this.watch.calls.made,
        };
    }
}
/** Watches one service's deployment to a verdict, rolling back when the service does not do it itself. */
async function watchDeployment(request) {
    return itemAt(await watchDeployments([request]), 0);
}
/**
 * Watches every service of the step in one polling loop, on one call budget; one outcome per request, in
 * order. One service failing (or its watch breaking) does not stop the watch of the others, unless
 * `failFast` asks to stop waiting at the first failure.
 */
async function watchDeployments(requests, stepOptions = {}) {
    if (requests.length === 0)
        return [];
    const prefixed = requests.length > 1 ? requests.map((request) => ({ ...request, logPrefix: request.logPrefix ?? request.service })) : requests;
    const first = collections_itemAt(prefixed, 0);
    const budget = (0,poll_policy/* stepCallBudget */.m3)(serviceBatches(prefixed).length);
    const step = new WatchCalls(first, new CallLedger(budget.maxCallsPerMinute, budget.reservedForPolls));
    const journeys = await Promise.all(prefixed.map(async (request) => new ServiceJourney(await openServiceWatch(request, step))));
    const journeyOf = new Map();
    const firstRuns = journeys.map((journey) => {
        const run = journey.firstRun();
        journeyOf.set(run, journey);
        return run;
    });
    const failedAt = () => journeys.find((journey) => journey.outcome !== undefined && journey.outcome.status !== 'succeeded');
    let open;
    try {
        open = await runWatches({
            calls: step,
            ecs: first.ecs,
            onVerdict: async (run, result) => {
                const journey = journeyOf.get(run);
                if (journey === undefined)
                    return undefined;
                try {
                    const next = await journey.onVerdict(result);
                    if (next !== undefined)
                        journeyOf.set(next, journey);
                    return next;
                }
                catch (error) {
                    journey.outcome = brokenWatch(journey.request, error);
                    return undefined;
                }
            },
            stop: stepOptions.failFast === true ? () => failedAt() !== undefined : undefined,
        }, firstRuns);
    }
    catch (error) {
        // A bug of the loop itself: every service not yet settled says so, none is lost.
        for (const journey of journeys)
            journey.outcome ??= brokenWatch(journey.request, error);
        open = [];
    }
    const stoppedBy = failedAt()?.request.service ?? '';
    for (const run of open) {
        const journey = journeyOf.get(run);
        if (journey !== undefined)
            journey.outcome ??= notWaitedFor(journey, stoppedBy);
    }
    return journeys.map((journey) => journey.outcome ?? brokenWatch(journey.request, new Error('the watch ended without a verdict')));
}
/** fail-fast stopped the step before this service had a verdict: it was updated, but nobody saw it settle. */
function notWaitedFor(journey, failedService) {
    const { request, watch } = journey;
    const reason = `Not waited for: fail-fast stopped watching at the first failure (${failedService}); the deployment of ${request.service} may still be in progress.`;
    watch.print.info(reason);
    return {
        service: request.service,
        status: 'not-waited',
        rolloutState: 'IN_PROGRESS',
        deploymentId: request.serviceDeploymentArn ?? request.deploymentId ?? '',
        reason,
        stoppedTasks: [],
        events: [],
        durationMs: 0,
        apiCalls: watch.calls.made,
    };
}
function brokenWatch(request, error) {
    return {
        service: request.service,
        status: 'failed',
        rolloutState: 'UNKNOWN',
        deploymentId: request.serviceDeploymentArn ?? request.deploymentId ?? '',
        reason: `Watching ${request.service} stopped unexpectedly: ${(0,errors/* describeError */.Uc)(error)}.`,
        stoppedTasks: [],
        events: [],
        durationMs: 0,
        apiCalls: 0,
    };
}

;// CONCATENATED MODULE: ./src/run/watch-phase.ts

async function watchStarted(config, clients, deployments) {
    // CODE_DEPLOY services are followed through CodeDeploy (loaded only when there is one), the others through ECS.
    const viaCodeDeploy = deployments.filter((deployment) => deployment.codeDeploy !== undefined);
    const viaEcs = deployments.filter((deployment) => deployment.codeDeploy === undefined);
    const [ecsOutcomes, codeDeployOutcomes] = await Promise.all([
        viaEcs.length > 0 ? watchEcsDeployments(config, clients, viaEcs) : [],
        viaCodeDeploy.length > 0
            ? Promise.all(/* import() */[__webpack_require__.e(507), __webpack_require__.e(100)]).then(__webpack_require__.bind(__webpack_require__, 8100)).then(({ watchCodeDeployments }) => watchCodeDeployments(clients.ecs, viaCodeDeploy.map((deployment) => ({
                cluster: config.deploy.cluster,
                service: deployment.target.service,
                deploymentId: deployment.codeDeploy?.deploymentId ?? '',
                taskDefinitionArn: deployment.taskDefinition.taskDefinitionArn ?? '',
                waitMinutes: config.deploy.waitMinutes,
            }))))
            : [],
    ]);
    // Back in the order of `deployments`, which the reports line up with.
    return deployments.map((deployment) => {
        const outcome = deployment.codeDeploy === undefined ? ecsOutcomes.shift() : codeDeployOutcomes.shift();
        if (outcome === undefined)
            throw new Error(`No watch outcome for ${deployment.target.service}.`);
        return outcome;
    });
}
function watchEcsDeployments(config, clients, deployments) {
    return watchDeployments(deployments.map((deployment) => ({
        ecs: clients.watchEcs,
        logs: clients.logs,
        cluster: config.deploy.cluster,
        service: deployment.target.service,
        taskDefinitionArn: deployment.taskDefinition.taskDefinitionArn ?? '',
        // A rollout of the revision the service already ran has nothing else to go back to.
        previousTaskDefinitionArn: deployment.target.previousTaskDefinitionArn === deployment.taskDefinition.taskDefinitionArn
            ? ''
            : deployment.target.previousTaskDefinitionArn,
        taskDefinition: deployment.taskDefinition,
        updatedAt: deployment.updatedAt,
        deploymentId: deployment.deploymentId,
        serviceDeploymentArn: deployment.serviceDeploymentArn,
        options: {
            waitMinutes: config.deploy.waitMinutes,
            noProgressMinutes: config.deploy.noProgressMinutes,
            maxFailedTasks: config.deploy.maxFailedTasks,
            rollbackOnFailure: config.deploy.rollbackOnFailure,
        },
    })), { failFast: config.deploy.failFast });
}

;// CONCATENATED MODULE: ./src/revisions/choose.ts
// Which revisions of a family `keep-revisions` deregisters: those older than the newest N, less every
// revision still in use (a service of the cluster runs it, this deploy rolled it out, or a service would
// roll back to it). Pure: the ARNs come in, the choice comes out.
/** `arn:…:task-definition/my-app:12` → { family: 'my-app', revision: 12 }; undefined for anything else. */
function parseRevisionArn(arn) {
    const match = /:task-definition\/([A-Za-z0-9_-]{1,255}):(\d+)$/.exec(arn);
    if (match === null)
        return undefined;
    return { family: match[1] ?? '', revision: Number(match[2]) };
}
/**
 * The choice for one family. `listed` are its ACTIVE revisions as ListTaskDefinitions gave them (its
 * `familyPrefix` also matches `my-app-worker` for `my-app`: only the family's own count); `pending` revisions
 * not registered yet (a dry run's) count among the newest N; `protect` maps ARNs in use to why.
 */
function choosePrunable(family, listed, keep, protect, pending = 0) {
    const own = listed
        .map((arn) => ({ arn, parsed: parseRevisionArn(arn) }))
        .filter((entry) => entry.parsed?.family === family)
        .sort((a, b) => (b.parsed?.revision ?? 0) - (a.parsed?.revision ?? 0))
        .map((entry) => entry.arn);
    const kept = own.slice(0, Math.max(0, keep - pending));
    const older = own.slice(kept.length);
    const inUse = older.flatMap((arn) => {
        const why = protect.get(arn);
        return why === undefined ? [] : [{ arn, why }];
    });
    const deregister = older.filter((arn) => !protect.has(arn)).reverse();
    return { family, kept, inUse, deregister };
}

;// CONCATENATED MODULE: ./src/revisions/prune.ts
// `keep-revisions` after a successful deploy: read the family's revisions and what the cluster's services
// run, deregister what choose.ts picks, and say what was done. Batched reads: ListTaskDefinitions per family
// (newest first, 100 a page), ListServices (100 a page) and DescribeServices ten services at a time. A
// failure here is a warning, never a failed deploy: the deploy already succeeded.





/** DescribeServices takes ten services a call; the list calls a hundred items a page. */
const DESCRIBE_SERVICES_LIMIT = 10;
const prune_PAGE_SIZE = 100;
/** Deregistrations side by side: few, so a family of hundreds stays well under ECS's rate limit. */
const DEREGISTER_CONCURRENCY = 2;
async function pruneRevisions(ecs, request, print) {
    let calls = 0;
    const counted = (send) => {
        calls += 1;
        return send();
    };
    const base = { keep: request.keep, dryRun: request.dryRun };
    let choices;
    try {
        const running = await revisionsRunIn(ecs, request.cluster, counted);
        const protect = new Map(request.protect);
        for (const [arn, why] of running)
            if (!protect.has(arn))
                protect.set(arn, why);
        choices = [];
        for (const [family, pending] of request.families) {
            const listed = await listRevisions(ecs, family, counted);
            choices.push(choosePrunable(family, listed, request.keep, protect, pending));
        }
    }
    catch (error) {
        const skipped = `could not read the revisions to prune (${(0,errors/* describeError */.Uc)(error)}); nothing was deregistered`;
        print.warning(`keep-revisions: ${skipped}.`);
        return { ...base, choices: [], deregistered: [], failures: [], skipped, calls };
    }
    for (const line of pruneLines(choices, request))
        print.info(line);
    const chosen = choices.flatMap((choice) => choice.deregister);
    if (request.dryRun || chosen.length === 0)
        return { ...base, choices, deregistered: chosen, failures: [], calls };
    const settled = await settleWithLimit(chosen, DEREGISTER_CONCURRENCY, (arn) => counted(() => ecs.send(new client_ecs_dist_cjs/* DeregisterTaskDefinitionCommand */.sjB({ taskDefinition: arn }))));
    const deregistered = [];
    const failures = [];
    for (const [index, result] of settled.entries()) {
        const arn = chosen[index] ?? '';
        if (result.status === 'fulfilled') {
            deregistered.push(arn);
            print.info(`Deregistered ${revisionName(arn)}`);
        }
        else {
            const message = (0,errors/* describeError */.Uc)(result.reason);
            failures.push({ arn, message });
            print.warning(`keep-revisions: could not deregister ${revisionName(arn)} (${message}); it stays registered, the deploy succeeded.`);
        }
    }
    return { ...base, choices, deregistered, failures, calls };
}
/** The lines that say what is kept and why, and what goes (or would go, on a dry run). */
function pruneLines(choices, request) {
    return choices.map((choice) => {
        const inUse = choice.inUse.map((entry) => `${revisionName(entry.arn)} (${entry.why})`);
        const going = choice.deregister.map(revisionName);
        const verb = request.dryRun ? 'would deregister' : 'deregistering';
        return (`keep-revisions ${String(request.keep)}: ${choice.family}: ${verb} ${going.length === 0 ? 'nothing' : going.join(', ')}` +
            (inUse.length === 0 ? '' : `; kept in use: ${inUse.join(', ')}`));
    });
}
/** ACTIVE revisions of the family, newest first (familyPrefix also lists longer family names; choose.ts drops them). */
async function listRevisions(ecs, family, counted) {
    const arns = [];
    let nextToken;
    do {
        const page = await counted(() => ecs.send(new client_ecs_dist_cjs/* ListTaskDefinitionsCommand */.Pse({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', maxResults: prune_PAGE_SIZE, nextToken })));
        arns.push(...(page.taskDefinitionArns ?? []));
        nextToken = page.nextToken;
    } while (nextToken !== undefined && nextToken !== '');
    return arns;
}
/** Every revision a service of the cluster runs or is rolling out or draining, with the service's name. */
async function revisionsRunIn(ecs, cluster, counted) {
    const serviceArns = [];
    let nextToken;
    do {
        const page = await counted(() => ecs.send(new client_ecs_dist_cjs/* ListServicesCommand */.qde({ cluster, maxResults: prune_PAGE_SIZE, nextToken })));
        serviceArns.push(...(page.serviceArns ?? []));
        nextToken = page.nextToken;
    } while (nextToken !== undefined && nextToken !== '');
    const batches = [];
    for (let start = 0; start < serviceArns.length; start += DESCRIBE_SERVICES_LIMIT) {
        batches.push(serviceArns.slice(start, start + DESCRIBE_SERVICES_LIMIT));
    }
    const running = new Map();
    for (const batch of batches) {
        const described = await counted(() => ecs.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: batch })));
        // A service ECS could not describe may run anything: better to prune nothing than the revision it runs.
        const failure = described.failures?.[0];
        if (failure !== undefined)
            throw new Error(`DescribeServices could not describe ${failure.arn ?? 'a service'} (${failure.reason ?? 'no reason'})`);
        for (const service of described.services ?? []) {
            const name = service.serviceName ?? service.serviceArn ?? 'a service';
            const revisions = [
                service.taskDefinition,
                ...(service.deployments ?? []).map((deployment) => deployment.taskDefinition),
                // CODE_DEPLOY and EXTERNAL controllers run their revisions in task sets.
                ...(service.taskSets ?? []).map((taskSet) => taskSet.taskDefinition),
            ];
            for (const arn of revisions)
                if (arn !== undefined && !running.has(arn))
                    running.set(arn, `${name} runs it`);
        }
    }
    return running;
}

;// CONCATENATED MODULE: ./src/revisions/scope.ts

/**
 * From the services' decisions: `registeredFor` gives the ARN a `register` decision registered (on a dry
 * run none, or '': its family then counts one pending revision).
 */
function pruneScope(decisions, renders, registeredFor) {
    const families = new Map();
    const protect = new Map();
    const addFamily = (family, pending) => {
        if (family === undefined || family === '')
            return;
        families.set(family, Math.max(families.get(family) ?? 0, pending));
    };
    const protectArn = (arn, why) => {
        if (arn === undefined || arn === '' || protect.has(arn))
            return;
        protect.set(arn, why);
    };
    for (const decision of decisions) {
        const { service, previousTaskDefinitionArn } = decision.target;
        const deployed = decision.kind === 'register' ? registeredFor(decision) : decision.taskDefinitionArn;
        protectArn(deployed, `deployed to ${service}`);
        protectArn(previousTaskDefinitionArn, `${service} rolls back to it`);
        if (decision.kind === 'follow')
            protectArn(decision.replacing, `${service} rolls back to it`);
        const deployedFamily = deployed === undefined ? undefined : parseRevisionArn(deployed)?.family;
        // Not registered (a dry run): its revision would be the family's newest, so it counts among the kept.
        if (deployedFamily !== undefined)
            addFamily(deployedFamily, 0);
        else
            addFamily(renders[decision.target.render]?.input.family, 1);
    }
    return { families, protect };
}

;// CONCATENATED MODULE: ./src/revisions/after-deploy.ts
// The one entry of `keep-revisions` for the run: after a deploy whose every service ended on its revision
// (watched to success, or already running it), or on a dry run to list what would go. A deploy not
// watched to its end (wait-for-service-stability: false, fail-fast) prunes nothing: its success is unknown.



/** Ended on its revision: watched to success, unchanged, or only scaled. */
const ENDED_ON_ITS_REVISION = new Set(['succeeded', 'unchanged', 'scaled']);
/** The run's result with what `keep-revisions` did; the result as it is when there is nothing to prune. */
async function withOldRevisionsPruned(config, ecs, revisions, result) {
    const { keepRevisions: keep, dryRun, cluster } = config.deploy;
    if (keep === 0)
        return result;
    const succeeded = result.ending.kind === 'deployed' &&
        result.services.length > 0 &&
        result.services.every((service) => ENDED_ON_ITS_REVISION.has(service.status));
    if (!(dryRun && result.ending.kind === 'dry-run') && !succeeded)
        return result;
    const deployedTo = new Map(result.services.map((service) => [service.service, service.taskDefinitionArn]));
    const scope = pruneScope(revisions.decisions, revisions.plan.renders, (decision) => deployedTo.get(decision.target.service));
    const report = await pruneRevisions(ecs, { ...scope, cluster, keep, dryRun }, core);
    const { choices: _choices, calls: _calls, ...revisionsReport } = report;
    return { ...result, revisions: revisionsReport };
}

;// CONCATENATED MODULE: ./src/migration/run-task-request.ts

/** A request ECS would refuse, said before the call: the revision needs subnets that nothing gives. */
class RunTaskRequestError extends Error {
    constructor(message) {
        super(message);
        this.name = 'RunTaskRequestError';
    }
}
function runTaskRequest({ cluster, runTask, target, clientToken }) {
    const networkConfiguration = networkOf(runTask, target);
    if (target.taskDefinition.networkMode === 'awsvpc' && (networkConfiguration?.awsvpcConfiguration?.subnets ?? []).length === 0) {
        throw new RunTaskRequestError(`The one-off task's revision uses networkMode awsvpc, but service ${target.service} has no subnets and \`${constants/* Input */.pd.runTaskSubnets}\` is empty: set \`${constants/* Input */.pd.runTaskSubnets}\` (and \`${constants/* Input */.pd.runTaskSecurityGroups}\`).`);
    }
    const launch = launchOf(runTask, target);
    return {
        cluster,
        taskDefinition: target.taskDefinitionArn,
        count: 1,
        startedBy: runTask.startedBy,
        clientToken,
        overrides: { containerOverrides: [{ name: target.containerName, command: [...runTask.command] }] },
        ...launch,
        // A platform version belongs to Fargate: ECS refuses one with the EC2 or EXTERNAL launch type.
        ...(target.placement.platformVersion !== undefined && launch.launchType !== 'EC2' && launch.launchType !== 'EXTERNAL'
            ? { platformVersion: target.placement.platformVersion }
            : {}),
        ...(networkConfiguration === undefined ? {} : { networkConfiguration }),
    };
}
function networkOf(runTask, target) {
    const service = target.placement.networkConfiguration?.awsvpcConfiguration;
    const subnets = runTask.subnets ?? service?.subnets;
    const securityGroups = runTask.securityGroups ?? service?.securityGroups;
    const assignPublicIp = runTask.assignPublicIp ?? service?.assignPublicIp;
    if (subnets === undefined && securityGroups === undefined && assignPublicIp === undefined)
        return undefined;
    return {
        awsvpcConfiguration: {
            subnets: [...(subnets ?? [])],
            ...(securityGroups === undefined ? {} : { securityGroups: [...securityGroups] }),
            ...(assignPublicIp === undefined ? {} : { assignPublicIp }),
        },
    };
}
function launchOf(runTask, target) {
    if (runTask.launchType !== undefined)
        return { launchType: runTask.launchType };
    if (runTask.capacityProviderStrategy !== undefined) {
        return {
            capacityProviderStrategy: runTask.capacityProviderStrategy.map((item) => ({
                capacityProvider: item.capacityProvider,
                ...(item.weight === undefined ? {} : { weight: item.weight }),
                ...(item.base === undefined ? {} : { base: item.base }),
            })),
        };
    }
    const { launchType, capacityProviderStrategy } = target.placement;
    if (capacityProviderStrategy !== undefined && capacityProviderStrategy.length > 0)
        return { capacityProviderStrategy };
    // Without either, ECS uses the cluster's default capacity provider strategy, as it did for the service.
    return launchType === undefined ? {} : { launchType };
}
/** The command as a reader would type it: words with spaces or quotes shown quoted. */
function commandText(command) {
    return command.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : JSON.stringify(word))).join(' ');
}
/** What the task is about to do, for the log and (with the revision not yet registered) the dry run's plan. */
function describeRunTask(request, target) {
    const command = request.overrides?.containerOverrides?.[0]?.command ?? [];
    const revision = target.taskDefinitionArn || `the new revision of ${target.taskDefinition.family ?? '?'}`;
    const network = request.networkConfiguration?.awsvpcConfiguration;
    const placement = [
        request.launchType === undefined ? undefined : `launch type ${request.launchType}`,
        request.capacityProviderStrategy === undefined
            ? undefined
            : `capacity providers ${request.capacityProviderStrategy.map((item) => item.capacityProvider ?? '').join(', ')}`,
        request.platformVersion === undefined ? undefined : `platform ${request.platformVersion}`,
        network === undefined
            ? undefined
            : `subnets ${(network.subnets ?? []).join(', ')}${network.securityGroups === undefined ? '' : `, security groups ${network.securityGroups.join(', ')}`}${network.assignPublicIp === undefined ? '' : `, public IP ${network.assignPublicIp}`}`,
    ].filter((part) => part !== undefined);
    return `RunTask ${request.cluster ?? ''}: ${revision}, container ${target.containerName} running \`${commandText(command)}\`${placement.length > 0 ? ` (${placement.join('; ')}; placed like service ${target.service})` : ` (placed like service ${target.service})`}, startedBy ${request.startedBy ?? ''}`;
}

;// CONCATENATED MODULE: ./src/migration/outcome.ts


/** The stopped task's verdict: the overridden container's exit code decides. */
function judgeStoppedTask(task, containerName) {
    const container = task.containers?.find((candidate) => candidate.name === containerName);
    const reason = stopReason(task, containerName);
    const exitCode = container?.exitCode;
    if (exitCode === undefined)
        return { kind: 'not-started', reason };
    if (exitCode === 0)
        return { kind: 'succeeded', exitCode: 0 };
    return { kind: 'exited', exitCode, reason };
}
/** The task ran past the timeout and was stopped: whatever exit code the stop gave it. */
function timedOut(task, containerName) {
    const container = task?.containers?.find((candidate) => candidate.name === containerName);
    return { kind: 'timed-out', exitCode: container?.exitCode, reason: task === undefined ? '' : stopReason(task, containerName) };
}
/** RunTask answered a failure instead of a task (no capacity, a missing attribute, …). */
function notStarted(failure) {
    const reason = [failure?.reason, failure?.detail].filter((part) => part !== undefined && part !== '').join(': ');
    return { kind: 'not-started', reason: `RunTask placed no task (${reason || 'no reason given'})` };
}
/** `stopCode: stoppedReason`, with the container's own reason (the pull error) when it adds something. */
function stopReason(task, containerName) {
    const container = task.containers?.find((candidate) => candidate.name === containerName);
    const parts = [task.stopCode, task.stoppedReason].filter((part) => part !== undefined && part !== '');
    const own = container?.reason;
    const text = parts.join(': ');
    return own !== undefined && own !== '' && !text.includes(own) ? [text, own].filter((part) => part !== '').join('; ') : text;
}
/**
 * The failure, as the step's error: the first line (the annotation) names the task, the exit code or
 * reason, and the last log line; the rest (the log block) lists every log line it got.
 */
function failureText(outcome, words) {
    const task = words.taskArn === '' ? 'The one-off task' : `One-off task ${taskIdOf(words.taskArn)}`;
    const what = `(\`${commandText(words.command)}\` in container ${words.containerName})`;
    const lastLine = words.logLines.at(-1);
    const last = lastLine === undefined ? '' : `; last log line: ${lastLine}`;
    const headline = (() => {
        switch (outcome.kind) {
            case 'exited':
                return `${task} ${what} exited with code ${String(outcome.exitCode)}${last}`;
            case 'not-started':
                return `${task} ${what} did not start: ${outcome.reason || 'no reason given'}`;
            case 'timed-out':
                return `${task} ${what} was still running after run-task-timeout-minutes (${String(words.timeoutMinutes)}) and was stopped${outcome.exitCode === undefined ? '' : ` (exit code ${String(outcome.exitCode)})`}${last}`;
        }
    })();
    const details = [
        ...('reason' in outcome && outcome.reason !== '' && outcome.kind !== 'not-started' ? [`Stopped: ${outcome.reason}`] : []),
        ...(words.logLines.length > 0
            ? [`Last ${String(words.logLines.length)} log lines of ${words.containerName}:`, ...words.logLines.map((line) => `  | ${line}`)]
            : []),
        'No service was updated: they still run their previous revision.',
    ];
    return [headline, ...details].join('\n');
}

;// CONCATENATED MODULE: ./src/migration/run-migration.ts
// Runs the one-off task and waits for it to stop: RunTask (with an idempotency token, so the SDK's retry
// never starts a second task), DescribeTasks polls on the watch's cadence, budget and error
// classification, StopTask once `run-task-timeout-minutes` has passed, then the container's last log
// lines as the watch shows them for stopped tasks. Judging and wording are pure (outcome.ts).












/** After StopTask, how long the task may take to reach STOPPED before the step stops waiting. */
const STOP_GRACE_MS = 120_000;
/** DescribeTasks may not know a task RunTask just started: that many MISSING answers are waited out. */
const MAX_MISSING_ANSWERS = 3;
async function runMigration(cluster, runTask, target, clients, clock = {}) {
    const calls = new WatchCalls(clock);
    const started = calls.now();
    const request = runTaskRequest({ cluster, runTask, target, clientToken: (0,external_node_crypto_.randomUUID)() });
    core.info(describeRunTask(request, target));
    const answer = await sendRunTask(clients.ecs, request);
    const first = answer.tasks?.[0];
    const done = (taskArn, outcome, logLines = []) => ({
        target,
        command: runTask.command,
        taskArn,
        outcome,
        logLines,
        milliseconds: calls.now() - started,
    });
    if (first?.taskArn === undefined)
        return done('', notStarted(answer.failures?.[0]));
    const taskArn = first.taskArn;
    core.info(`Started one-off task ${taskArn}; waiting up to ${String(runTask.timeoutMinutes)} min for it to stop.`);
    const { task, stoppedByUs } = await waitUntilStopped(calls, clients.watchEcs, cluster, first, runTask.timeoutMinutes * 60_000);
    const logLines = await lastLogLines(calls, clients.logs, target, task);
    const outcome = stoppedByUs || task.lastStatus !== 'STOPPED' ? timedOut(task, target.containerName) : judgeStoppedTask(task, target.containerName);
    return done(taskArn, outcome, logLines);
}
async function sendRunTask(ecs, request) {
    try {
        return await ecs.send(new client_ecs_dist_cjs/* RunTaskCommand */._eD(request));
    }
    catch (error) {
        const refused = (0,aws_request_error/* refusedAction */.ff)(error);
        const advice = (0,errors/* errorName */.Is)(error) === 'AccessDeniedException'
            ? `The role needs ${refused ?? 'ecs:RunTask'}: ecs:RunTask on the family's revisions in this cluster, and iam:PassRole on the task and execution roles (the migration tasks capability of the deploy role's policy).`
            : '';
        throw new aws_request_error/* AwsRequestError */.nA('ECS', 'RunTask', `the one-off task of ${request.taskDefinition ?? ''} in cluster "${request.cluster ?? ''}"`, error, advice);
    }
}
/** Polls until the task is STOPPED; past the deadline it is stopped, and waited for a little longer. */
async function waitUntilStopped(calls, ecs, cluster, first, timeoutMs) {
    const taskArn = first.taskArn ?? '';
    const deadline = calls.now() + timeoutMs;
    let task = first;
    let stoppedByUs = false;
    let lastStatus = first.lastStatus ?? '';
    let delay = poll_policy/* POLL_POLICY */.RR.firstPollDelayMs;
    let errors = 0;
    let missing = 0;
    for (;;) {
        const end = stoppedByUs ? deadline + STOP_GRACE_MS : deadline;
        await calls.sleep(Math.max(0, Math.min(delay, end - calls.now())));
        let outcome = 'ok';
        try {
            const answer = await calls.call('DescribeTasks', () => ecs.send(new client_ecs_dist_cjs/* DescribeTasksCommand */.z8X({ cluster, tasks: [taskArn] })));
            const described = answer.tasks?.find((candidate) => candidate.taskArn === taskArn);
            if (described === undefined) {
                missing += 1;
                if (missing > MAX_MISSING_ANSWERS)
                    throw new Error(`ECS DescribeTasks no longer finds the one-off task ${taskArn} (${answer.failures?.[0]?.reason ?? 'MISSING'}).`);
            }
            else {
                task = described;
                errors = 0;
            }
        }
        catch (error) {
            const failed = asFailedCall(error, 'DescribeTasks');
            if (!failed.retryable || ++errors >= poll_policy/* POLL_POLICY */.RR.maxConsecutiveErrors) {
                throw new Error(`${failed.message}${failed.kind === 'denied' ? ' The role needs ecs:DescribeTasks on the tasks of this cluster.' : ''} The one-off task ${taskArn} may still be running; no service was updated.`, { cause: error });
            }
            outcome = failed.kind === 'throttled' ? 'throttled' : 'transient';
        }
        const status = task.lastStatus ?? '';
        if (status !== lastStatus)
            core.info(`One-off task ${taskIdOf(taskArn)}: ${status}`);
        lastStatus = status;
        if (status === 'STOPPED')
            return { task, stoppedByUs };
        if (stoppedByUs && calls.now() >= deadline + STOP_GRACE_MS)
            return { task, stoppedByUs };
        if (!stoppedByUs && calls.now() >= deadline) {
            const minutes = String(Math.round(timeoutMs / 60_000));
            core.warning(`One-off task ${taskIdOf(taskArn)} is still ${status} after run-task-timeout-minutes (${minutes}): stopping it.`);
            await calls.change('StopTask', () => ecs.send(new client_ecs_dist_cjs/* StopTaskCommand */.PP1({
                cluster,
                task: taskArn,
                reason: `Stopped by oidc-ecs-deploy: still running after run-task-timeout-minutes (${minutes})`,
            })));
            stoppedByUs = true;
        }
        delay = (0,poll_policy/* nextPollDelay */.qC)(delay, outcome, calls.random);
    }
}
/** The container's last lines, printed as the watch prints a stopped task's; a courtesy that never fails the step. */
async function lastLogLines(calls, logs, target, task) {
    try {
        const reader = await ContainerLogs.open({
            request: { logs, taskDefinition: target.taskDefinition },
            calls,
            print: new WatchPrinter('one-off task', undefined),
        });
        const shown = await reader.show(classifyStoppedTask(task, essentialContainers(target.taskDefinition)));
        return (shown.find((entry) => entry.container === target.containerName) ?? shown[0])?.lines ?? [];
    }
    catch (error) {
        core.debug(`No log lines for the one-off task: ${(0,errors/* describeError */.Uc)(error)}`);
        return [];
    }
}

;// CONCATENATED MODULE: ./src/migration/target.ts

function migrationTarget({ plan, registering, registered }) {
    const first = registering.targets[0];
    if (first === undefined)
        return undefined;
    const render = registering.renders[first.render];
    const index = plan.targets.findIndex((target) => target.service === first.service);
    const service = plan.now[index]?.service;
    if (render === undefined || service === undefined)
        return undefined;
    const revision = registered[first.render];
    const taskDefinition = revision ?? {
        family: render.input.family,
        networkMode: render.input.networkMode,
        containerDefinitions: render.input.containerDefinitions,
    };
    return {
        service: first.service,
        placement: {
            networkConfiguration: service.networkConfiguration,
            launchType: service.launchType,
            capacityProviderStrategy: service.capacityProviderStrategy,
            platformVersion: service.platformVersion,
        },
        taskDefinition,
        taskDefinitionArn: revision?.taskDefinitionArn ?? '',
        // The command override goes to the first container that gets the deployed image.
        containerName: collections_itemAt(render.containerNames, 0),
    };
}

;// CONCATENATED MODULE: ./src/run/migration-phase.ts
// The Migration task phase: the one-off task of `run-task-command`, run once with the new revision
// before UpdateService, and what the run record keeps of it. The work is in src/migration/.






const SKIPPED = `No new revision was registered, so there is nothing to migrate to: the one-off task (\`${constants/* Input */.pd.runTaskCommand}\`) is skipped.`;
async function migrate(config, runTask, aws, revisions) {
    const target = migrationTarget(revisions);
    if (target === undefined) {
        core.notice(SKIPPED);
        return { kind: 'skipped', command: commandText(runTask.command) };
    }
    const run = await runMigration(config.deploy.cluster, runTask, target, { ecs: aws.ecs, watchEcs: aws.watchEcs, logs: aws.logs });
    return { kind: 'ran', run };
}
/** The dry run's plan lines for the one-off task (nothing is run). */
function plannedMigration(config, runTask, revisions) {
    const target = migrationTarget(revisions);
    if (target === undefined)
        return [`# No new revision would be registered, so the one-off task (\`${constants/* Input */.pd.runTaskCommand}\`) would be skipped.`];
    const request = runTaskRequest({ cluster: config.deploy.cluster, runTask, target, clientToken: 'dry-run' });
    return [`# ${describeRunTask(request, target)}; UpdateService only after it exits 0 (within ${String(runTask.timeoutMinutes)} min)`];
}
/** The failure the phase's value stands for: anything but exit code 0. */
function migrationFailure(step, runTask) {
    if (step.kind === 'skipped' || step.run.outcome.kind === 'succeeded')
        return undefined;
    const { run } = step;
    return new Error(failureText(step.run.outcome, {
        taskArn: run.taskArn,
        containerName: run.target.containerName,
        command: run.command,
        timeoutMinutes: runTask.timeoutMinutes,
        logLines: run.logLines,
    }));
}
function migrationReport(step, runTask) {
    if (step.kind === 'skipped') {
        return {
            status: 'skipped',
            taskArn: '',
            taskDefinitionArn: '',
            command: step.command,
            exitCode: undefined,
            reason: '',
            logLines: [],
            milliseconds: 0,
        };
    }
    const { run } = step;
    const outcome = run.outcome;
    const failure = migrationFailure(step, runTask);
    return {
        status: outcome.kind === 'succeeded' ? 'succeeded' : outcome.kind === 'timed-out' ? 'timed-out' : 'failed',
        taskArn: run.taskArn,
        taskDefinitionArn: run.target.taskDefinitionArn,
        command: commandText(run.command),
        exitCode: outcome.kind === 'not-started' ? undefined : outcome.exitCode,
        reason: failure?.message.split('\n')[0] ?? '',
        logLines: run.logLines,
        milliseconds: run.milliseconds,
    };
}

;// CONCATENATED MODULE: ./src/run/service-reports.ts




function rolloutEnd(outcomes, first, updateFailure) {
    const firstOutcome = outcomes[0];
    return {
        deploymentId: firstOutcome?.deploymentId || first.serviceDeploymentArn || first.deploymentId || '',
        rolloutState: firstOutcome?.rolloutState ?? '',
        failureReason: joinReasons(failureReasons(outcomes), updateFailure),
    };
}
function failureReasons(outcomes) {
    return outcomes
        .filter((outcome) => outcome.status === 'failed' || outcome.status === 'timed-out')
        .map((outcome) => `${outcome.service} ${outcome.status === 'timed-out' ? 'timed out' : 'failed'}: ${outcome.reason}`)
        .join(' ');
}
function joinReasons(...reasons) {
    return reasons.filter(Boolean).join(' ').trim();
}
/** Each service whose deployment did not start, naming what failed (UpdateService, or CodeDeploy's call) and why. */
function updateFailureText(failed) {
    return failed.map(({ service, operation, error }) => `${(0,start_failure/* startFailedFor */.L)(service, operation)}: ${(0,errors/* errorMessage */.gJ)(error)}`).join(' ');
}
/** A dry run's row for one service, with how ECS would roll it out (`strategy`, when known). */
function dryRunReport(decision, strategy) {
    const withStrategy = (report) => (strategy === undefined ? report : { ...report, strategy });
    if (decision.kind === 'unchanged')
        return withStrategy(unchangedReport(decision));
    if (decision.kind === 'rescale')
        return withStrategy({ ...unchangedReport(decision), status: 'planned' });
    return withStrategy(serviceReport(decision.target.service, decision.target.previousTaskDefinitionArn, '', 'planned'));
}
function updatedReport(deployment) {
    return withCodeDeploy(deployment, serviceReport(deployment.target.service, deployment.target.previousTaskDefinitionArn, deployment.taskDefinition.taskDefinitionArn ?? '', 'updated', deployment.serviceDeploymentArn ?? deployment.deploymentId));
}
function withCodeDeploy(deployment, report) {
    return deployment.codeDeploy === undefined ? report : { ...report, codeDeployDeploymentId: deployment.codeDeploy.deploymentId };
}
/** Updated, and not waited for (fail-fast after another service's deployment failed to start): its rollout may still be under way. */
function notWaitedReport(deployment, reason) {
    return { ...updatedReport(deployment), rolloutState: 'IN_PROGRESS', reason };
}
function notUpdatedReport(plan, service, reason) {
    const previous = plan.targets.find((target) => target.service === service)?.previousTaskDefinitionArn ?? '';
    return serviceReport(service, previous, '', 'failed', '', reason);
}
function serviceReport(service, previous, next, status, deploymentId = '', reason = '') {
    return {
        service,
        previousTaskDefinitionArn: previous,
        taskDefinitionArn: next,
        status,
        deploymentId,
        rolloutState: '',
        reason,
        stoppedTaskReasons: [],
        rollback: '',
        milliseconds: 0,
    };
}
function outcomeReport(outcome, deployment) {
    const rollback = outcome.rollback;
    return withCodeDeploy(deployment, {
        service: outcome.service,
        previousTaskDefinitionArn: deployment.target.previousTaskDefinitionArn,
        taskDefinitionArn: deployment.taskDefinition.taskDefinitionArn ?? '',
        // Not waited for (fail-fast): updated, and no more is known.
        status: outcome.status === 'not-waited' ? 'updated' : outcome.status,
        deploymentId: outcome.deploymentId,
        rolloutState: outcome.rolloutState,
        reason: outcome.reason,
        stoppedTaskReasons: outcome.stoppedTasks.map(describeStoppedTask),
        rollback: rollback ? `${rollback.method}: ${rollback.status}${rollback.reason ? ` (${rollback.reason})` : ''}` : '',
        milliseconds: outcome.durationMs,
    });
}
/** The first service's rollout: the one UpdateService started or we follow, or the completed one it already runs. */
function rolloutStartOf(started, unchanged, firstService) {
    const same = unchanged.find((decision) => decision.target.service === firstService);
    if (same)
        return {
            rolloutStart: {
                taskDefinitionArn: same.taskDefinitionArn,
                previousTaskDefinitionArn: same.taskDefinitionArn,
                deploymentId: same.deploymentId,
            },
        };
    const first = started[0];
    if (!first)
        return {};
    return {
        rolloutStart: {
            taskDefinitionArn: first.taskDefinition.taskDefinitionArn ?? '',
            previousTaskDefinitionArn: first.target.previousTaskDefinitionArn,
            // The service deployment ARN when UpdateService gave one: it is what the ECS console and API look up.
            deploymentId: first.serviceDeploymentArn ?? first.deploymentId ?? '',
        },
    };
}
/** A service left on the revision it runs: untouched, or (rescaled) with only its settings updated. */
function unchangedReport(decision) {
    const { service } = decision.target;
    const arn = decision.taskDefinitionArn;
    return decision.kind === 'unchanged'
        ? { ...serviceReport(service, arn, arn, 'unchanged', decision.deploymentId), rolloutState: 'COMPLETED' }
        : {
            ...serviceReport(service, arn, arn, 'scaled', decision.deploymentId),
            rolloutState: 'COMPLETED',
            note: `${describeSettingChanges(decision.changes)}: the service was updated on the revision it runs; ECS started no new deployment.`,
        };
}
function inPlanOrder(plan, reports) {
    const order = (service) => plan.targets.findIndex((target) => target.service === service);
    return [...reports].sort((a, b) => order(a.service) - order(b.service));
}

;// CONCATENATED MODULE: ./src/run/after-credentials.ts
// The phases after the inputs: credentials → image → task definition → services → watch. main.ts
// loads this module only once the inputs are valid and the OIDC token request is under way, because
// it brings in the AWS SDK (most of the bundle's parse time). Each phase returns its value; `deploy`
// composes them into the run's final result and writes nothing the user sees (report/finish.ts does).

















/** The Credentials phase's work (main.ts runs it inside that phase, with the token already requested). */
function establish(config, firstToken) {
    return establishSession(config.auth, { github: config.github, firstToken, proxy: config.proxy });
}
/** Every phase after Credentials, from the record main.ts built up to there. Never throws. */
async function deploy(config, session, afterCredentials) {
    try {
        const aws = (0,aws_clients/* createClients */.hP)(config.auth.region, session.credentials, config.proxy);
        try {
            return await deployWith(config, aws, afterCredentials);
        }
        finally {
            (0,aws_clients/* destroyClients */.Fj)(aws);
        }
    }
    catch (error) {
        return (0,run_record/* failed */.gz)(afterCredentials, (0,phases/* asPhaseError */.at)(error));
    }
}
async function deployWith(config, aws, afterCredentials) {
    const image = await (0,phases/* runPhase */.PF)('Image', () => prepareImage(config, aws));
    const afterImage = (0,run_record/* afterPhase */.m0)({ ...afterCredentials, imageSource: config.image.kind }, image, (prepared) => ({ image: prepared }));
    if (!image.ok)
        return (0,run_record/* failed */.gz)(afterImage, image.error);
    // The scan gate: findings at or above the threshold stop the run before anything is registered.
    const { threshold } = config.scan;
    let afterScan = afterImage;
    if (threshold !== undefined) {
        const scan = await (0,phases/* runPhase */.PF)('Image scan', () => gateOnScan(config, aws.ecr, image.value, threshold), { failureOf: scanVerdict });
        afterScan = (0,run_record/* afterPhase */.m0)(afterImage, scan, (report) => ({ scan: report }));
        if (!scan.ok)
            return (0,run_record/* failed */.gz)({ ...afterScan, deployed: false }, scan.error);
    }
    const definitions = await (0,phases/* runPhase */.PF)('Task definition', () => defineRevisions(config, aws, image.value));
    const { runTask } = config;
    const afterDefinitions = (0,run_record/* afterPhase */.m0)(afterScan, definitions, (revisions) => config.deploy.dryRun
        ? {
            plan: [...revisions.described, ...(runTask === undefined ? [] : plannedMigration(config, runTask, revisions))],
            services: revisions.decisions.map((decision) => dryRunReport(decision, strategyOf(revisions.plan, decision.target.service))),
            deployed: false,
        }
        : {});
    if (!definitions.ok)
        return (0,run_record/* failed */.gz)(afterDefinitions, definitions.error);
    const revisions = definitions.value;
    // keep-revisions, once every service ended on its revision (any other result is left as it is).
    const pruneAfter = (result) => withOldRevisionsPruned(config, aws.ecs, revisions, result);
    if (config.deploy.dryRun) {
        for (const line of afterDefinitions.plan)
            core.info(line);
        core.info('Dry run: nothing was pushed, registered or updated.');
        return pruneAfter((0,run_record/* dryRunDone */.LM)(afterDefinitions));
    }
    if (runTask === undefined)
        return pruneAfter(await updateAndWatch(config, aws, afterDefinitions, revisions));
    // The one-off task (a migration) runs before any service is updated; only exit code 0 lets the deploy go on.
    const migrated = await (0,phases/* runPhase */.PF)('Migration task', () => migrate(config, runTask, aws, definitions.value), {
        failureOf: (step) => migrationFailure(step, runTask),
    });
    const afterMigration = (0,run_record/* afterPhase */.m0)(afterDefinitions, migrated, (step) => ({ migration: migrationReport(step, runTask) }));
    if (!migrated.ok)
        return (0,run_record/* failed */.gz)({ ...afterMigration, deployed: false }, migrated.error);
    return pruneAfter(await updateAndWatch(config, aws, afterMigration, revisions));
}
/** The Service update phase, then (unless told not to wait) the Deployment watch of what it started. */
async function updateAndWatch(config, aws, afterDefinitions, revisions) {
    const { plan, decisions, registering, registered } = revisions;
    // Nothing changed when every update failed: fail here, before anything is watched.
    const updates = await (0,phases/* runPhase */.PF)('Service update', () => startRollouts(aws.ecs, config, decisions, registering, registered), {
        failureOf: (result) => result.started.length === 0 && result.unchanged.length === 0 ? new Error(updateFailureText(result.failed)) : undefined,
    });
    if (!updates.ok)
        return (0,run_record/* failed */.gz)((0,run_record/* afterPhase */.m0)(afterDefinitions, updates, (result) => ({ deployed: result.deployed })), updates.error);
    const { started, failed: notStarted, unchanged } = updates.value;
    const afterUpdates = (0,run_record/* afterPhase */.m0)(afterDefinitions, updates, () => ({
        ...rolloutStartOf(started, unchanged, plan.targets[0]?.service),
        updateFailures: notStarted.map(({ service, operation, error }) => ({ service, operation, message: (0,errors/* errorMessage */.gJ)(error) })),
        deployed: updates.value.deployed,
    }));
    const notUpdated = notStarted.map(({ service, error }) => notUpdatedReport(plan, service, (0,errors/* errorMessage */.gJ)(error)));
    const updateFailure = updateFailureText(notStarted).trim();
    const reported = (services) => inPlanOrder(plan, [...services, ...unchanged.map(unchangedReport), ...notUpdated]);
    // Every started deployment went well (or was not waited for), but some services were never updated.
    const ending = (record) => updateFailure ? (0,run_record/* failed */.gz)(record, new phases/* PhaseError */.wo('Service update', new Error(updateFailure))) : (0,run_record/* deployed */.$8)(record);
    // The first service's rollout is the outputs'; when it was unchanged, it is its completed deployment.
    const firstUnchanged = unchanged.find((decision) => decision.target.service === plan.targets[0]?.service);
    const end = (rolloutState, deploymentId, failureReason) => firstUnchanged
        ? { deploymentId: firstUnchanged.deploymentId, rolloutState: 'COMPLETED', failureReason }
        : { deploymentId, rolloutState, failureReason };
    // fail-fast: a failed UpdateService is the step's first failure, so what did start is not waited for.
    const next = config.deploy.waitForStability ? afterUpdateFailures(config.deploy.failFast, notStarted) : undefined;
    if (started.length === 0 || next?.kind !== 'watch') {
        if (started.length > 0 && next === undefined)
            core.info('Not waiting for the deployment (wait-for-service-stability: false).');
        const notWatched = (deployment) => {
            if (next?.kind !== 'stop')
                return updatedReport(deployment);
            const reason = notWaitedAfterUpdateFailure(deployment.target.service, next.failed);
            core.info(reason);
            return notWaitedReport(deployment, reason);
        };
        return ending({
            ...afterUpdates,
            services: reported(started.map(notWatched)),
            rolloutEnd: end(started.length > 0 ? 'IN_PROGRESS' : '', afterUpdates.rolloutStart?.deploymentId ?? '', updateFailure),
        });
    }
    const first = collections_itemAt(started, 0);
    const watched = await (0,phases/* runPhase */.PF)('Deployment watch', () => watchStarted(config, aws, started), {
        failureOf: (outcomes) => {
            const reasons = failureReasons(outcomes);
            return reasons ? new Error(joinReasons(reasons, updateFailure)) : undefined;
        },
    });
    const afterWatch = (0,run_record/* afterPhase */.m0)(afterUpdates, watched, (outcomes) => {
        const watchedEnd = rolloutEnd(outcomes, first, updateFailure);
        return {
            services: reported(outcomes.map((outcome, index) => outcomeReport(outcome, collections_itemAt(started, index)))),
            rolloutEnd: end(watchedEnd.rolloutState, watchedEnd.deploymentId, watchedEnd.failureReason),
        };
    });
    if (!watched.ok)
        return (0,run_record/* failed */.gz)(afterWatch, watched.error);
    return ending(afterWatch);
}
/** How ECS would roll `service` out, from what DescribeServices said of it before the deploy. */
function strategyOf(plan, service) {
    const index = plan.targets.findIndex((target) => target.service === service);
    const now = plan.now[index];
    return now === undefined ? undefined : describeStrategy(now.service);
}


/***/ }),

/***/ 9085:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fj: () => (/* binding */ destroyClients),
/* harmony export */   _O: () => (/* binding */ USER_AGENT),
/* harmony export */   hP: () => (/* binding */ createClients),
/* harmony export */   yQ: () => (/* binding */ ONE_SHOT_MAX_ATTEMPTS)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2684);
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8249);
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(212);
/* harmony import */ var _proxy_agent_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9541);
/* harmony import */ var _proxy_settings_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3531);
// Every AWS client is built from the region and the credentials provider only, so the SDK's own
// endpoint settings (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_ECR, _ECS, _CLOUDWATCH_LOGS, config files)
// keep working for users behind VPC endpoints, and nothing ambient can sign our requests. A proxy
// (proxy-settings.ts) reaches them as agents: the SDK itself reads no proxy variable.





/**
 * One-shot calls (register, update, describe, push checks) ride out a burst of throttling or 5xx
 * answers with the SDK's standard retry and backoff; three attempts, the SDK default, is too few.
 */
const ONE_SHOT_MAX_ATTEMPTS = 6;
const USER_AGENT = 'oidc-ecs-deploy/1';
function createClients(region, credentials, proxy = _proxy_settings_js__WEBPACK_IMPORTED_MODULE_1__/* .DIRECT */ .yc) {
    const settings = { region, credentials, customUserAgent: USER_AGENT };
    // Each client its own agents: destroying a client destroys them.
    const handler = () => (0,_proxy_agent_js__WEBPACK_IMPORTED_MODULE_0__/* .requestHandlerOption */ .N)(proxy);
    const oneShot = () => ({ ...settings, maxAttempts: ONE_SHOT_MAX_ATTEMPTS, ...handler() });
    const polled = () => ({ ...settings, maxAttempts: 1, ...handler() });
    const regional = new Map();
    const ecr = new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_2__/* .ECRClient */ .S70(oneShot());
    regional.set(region, ecr);
    const clients = {
        ecr,
        ecs: new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .ECSClient */ .Zgc(oneShot()),
        watchEcs: new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .ECSClient */ .Zgc(polled()),
        logs: new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_4__/* .CloudWatchLogsClient */ .TFr(polled()),
        ecrIn(other) {
            const known = regional.get(other);
            if (known !== undefined)
                return known;
            const client = new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_2__/* .ECRClient */ .S70({ ...oneShot(), region: other });
            regional.set(other, client);
            return client;
        },
    };
    regionalClients.set(clients, regional);
    return clients;
}
/** The ECR clients `ecrIn` made, so destroyClients can reach them. */
const regionalClients = new WeakMap();
function destroyClients(clients) {
    clients.ecr.destroy();
    clients.ecs.destroy();
    clients.watchEcs.destroy();
    clients.logs.destroy();
    for (const client of regionalClients.get(clients)?.values() ?? [])
        if (client !== clients.ecr)
            client.destroy();
}


/***/ }),

/***/ 9541:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ requestHandlerOption)
/* harmony export */ });
/* unused harmony export proxyAgents */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var hpagent__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9611);
/* harmony import */ var _proxy_settings_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3531);
// The HTTP agents the AWS clients send through when a proxy is set: hpagent's (the agent AWS's SDK guide
// uses; CONNECT tunnels that keep connections alive), routed per host so NO_PROXY and loopback hosts go
// direct, exactly as proxy-settings.ts decides for the OIDC request.




/** New agents on every call: a client's destroy() destroys its agents, so clients never share them. */
function proxyAgents(settings) {
    if (settings.httpsProxy === undefined && settings.httpProxy === undefined)
        return undefined;
    const httpProxy = settings.httpProxy === undefined ? undefined : (0,_proxy_settings_js__WEBPACK_IMPORTED_MODULE_3__/* .parseProxyUrl */ .Pr)(settings.httpProxy);
    const httpsProxy = settings.httpsProxy === undefined ? undefined : (0,_proxy_settings_js__WEBPACK_IMPORTED_MODULE_3__/* .parseProxyUrl */ .Pr)(settings.httpsProxy);
    return {
        httpAgent: httpProxy === undefined
            ? new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)({ keepAlive: true })
            : routed(new hpagent__WEBPACK_IMPORTED_MODULE_2__/* .HttpProxyAgent */ .sH({ proxy: httpProxy, keepAlive: true }), 'http:', settings, (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)),
        httpsAgent: httpsProxy === undefined
            ? new (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent)({ keepAlive: true })
            : routed(new hpagent__WEBPACK_IMPORTED_MODULE_2__/* .HttpsProxyAgent */ .bW({ proxy: httpsProxy, keepAlive: true }), 'https:', settings, (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent)),
    };
}
/** The proxy agent, except that a host the settings send direct connects as the plain agent would. */
function routed(agent, protocol, settings, plain) {
    const viaProxy = agent.createConnection.bind(agent);
    const direct = plain.prototype.createConnection.bind(agent);
    agent.createConnection = (options, callback) => {
        const port = options.port === undefined || options.port === null ? undefined : Number(options.port);
        const host = options.host ?? options.hostname ?? '';
        return (0,_proxy_settings_js__WEBPACK_IMPORTED_MODULE_3__/* .proxyFor */ .iJ)(settings, protocol, host, port) === undefined ? direct(options, callback) : viaProxy(options, callback);
    };
    return agent;
}
/** `requestHandler` for an SDK client's settings: the proxy's agents, or nothing (the SDK's own). */
function requestHandlerOption(proxy) {
    const agents = proxyAgents(proxy);
    return agents === undefined ? {} : { requestHandler: agents };
}


/***/ }),

/***/ 9301:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J0: () => (/* binding */ isWorthRetrying),
/* harmony export */   MF: () => (/* binding */ classifyPollError),
/* harmony export */   RR: () => (/* binding */ POLL_POLICY),
/* harmony export */   Um: () => (/* binding */ meansServiceDeploymentsUnavailable),
/* harmony export */   m3: () => (/* binding */ stepCallBudget),
/* harmony export */   on: () => (/* binding */ POLL_READ_RETRY),
/* harmony export */   qC: () => (/* binding */ nextPollDelay),
/* harmony export */   rs: () => (/* binding */ POLL_BACKOFF)
/* harmony export */ });
/* harmony import */ var _smithy_core_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3609);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6001);
/* harmony import */ var _shared_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3091);
// How the deployment watch polls ECS, fixed here rather than taken from any SDK waiter, so a dependency
// bump can never stretch the cadence (the official deploy action once went to a poll every 10 minutes).
// Pure: the cadence, the backoff (the project's one scheme, shared/retry.ts) and error classification.



const POLL_POLICY = Object.freeze({
    /** ECS shows the new deployment at once; a quick first look catches an immediate pull failure. */
    firstPollDelayMs: 1_000,
    /** The poll interval while nothing changes; cadence.ts polls faster while tasks start or stop, slower when nothing moves. */
    intervalMs: 5_000,
    /** Throttled and transient failures back off (decorrelated jitter, never below intervalMs) up to this; a success returns to intervalMs. */
    maxBackoffMs: 15_000,
    /** Consecutive failed polls (throttled or transient) after which the watch gives up and says why. */
    maxConsecutiveErrors: 12,
    /** Every ECS and CloudWatch Logs call of one service's watch, in any sliding minute. */
    maxCallsPerMinute: 30,
    /** Calls kept free for the next polls when deciding whether an explanatory call (tasks, logs) fits. */
    reservedCallsForPolls: 4,
    /** Service deployments (and events) created this long before our UpdateService still count as ours. */
    clockSkewMs: 5_000,
    /** How many polls look for our entry in ListServiceDeployments before relying on DescribeServices alone. */
    maxServiceDeploymentLookups: 6,
    /**
     * Stopped tasks described per poll, after dropping those already reported. ListTasks does not guarantee
     * an order (newest first is not promised), so a busy crash loop is caught up over several polls.
     */
    maxStoppedTasksPerPoll: 10,
    /** Tasks whose container logs are fetched, over the whole watch. */
    maxTasksWithLogs: 3,
    logLinesPerContainer: 20,
    /** Our own rollback is watched for what is left of the wait, but never less than this. */
    minRollbackWatchMs: 120_000,
});
const DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException']);
const EXPIRED_NAMES = new Set([
    'ExpiredTokenException',
    'ExpiredToken',
    'RequestExpired',
    'InvalidClientTokenId',
    'UnrecognizedClientException',
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    'CredentialsProviderError',
]);
const UNSUPPORTED_NAMES = new Set(['UnknownOperationException', 'UnsupportedOperation', 'UnsupportedFeatureException']);
/**
 * Sorts a failed call by what the loop should do about it, from the error's name, its HTTP status and
 * the SDK's `$retryable` hint. Authorization, expired credentials and validation errors are never "keep
 * waiting": they end the watch at once with the error's own words.
 */
function classifyPollError(error) {
    const name = (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(error);
    const status = (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .httpStatusOf */ .s_)(error);
    const retryable = (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(error, '$retryable');
    if ((0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isThrottling */ .E2)(error) || (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(retryable, 'throttling') === true)
        return 'throttled';
    if (EXPIRED_NAMES.has(name))
        return 'expired';
    if (DENIED_NAMES.has(name))
        return 'denied';
    if (UNSUPPORTED_NAMES.has(name))
        return 'unsupported';
    // A name that stops resolving in the middle of a watch is a DNS blip, unlike a wrong endpoint before the first call.
    if ((0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isServerError */ .GQ)(error) || (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isNetworkError */ .TX)(error) || (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorField */ .LI)(error, 'code') === 'ENOTFOUND')
        return 'transient';
    if (status === undefined && retryable !== undefined)
        return 'transient';
    return 'fatal';
}
/**
 * The service deployments API is missing here (too old a deployment, no permission, no such operation): any
 * answer but "slow down", "try again" (5xx, network) or expired credentials. Other implementations of ECS's
 * API answer an operation they lack with a 4xx of any name, 501 Not Implemented, or a body that is not JSON
 * (the SDK's SyntaxError); retrying those only delays the watch, which has DescribeServices deployments[].
 */
function meansServiceDeploymentsUnavailable(error) {
    if ((0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .httpStatusOf */ .s_)(error) === 501)
        return true;
    const kind = classifyPollError(error);
    return kind === 'unsupported' || kind === 'denied' || kind === 'fatal';
}
/**
 * The watch's backoff in the terms of shared/retry.ts. Decorrelated jitter starting from the interval keeps
 * every backed-off delay within [intervalMs, maxBackoffMs]: never faster than the normal cadence while ECS
 * asks us to slow down, and spread so that several watches of one account do not retry in step.
 */
const POLL_BACKOFF = Object.freeze({
    baseDelayMs: POLL_POLICY.intervalMs,
    maxDelayMs: POLL_POLICY.maxBackoffMs,
    jitter: 'decorrelated',
});
/**
 * A batched read of a poll that was throttled (or failed for a moment) is tried once more within the poll,
 * after the SDK's own first wait for throttling (full jitter below 500 ms), rather than losing the whole
 * poll to a 5–15 s backoff: the read covers every service of its batch, so this waits for all of them at
 * once. The second attempt is counted in the budget like the first; when it fails too, the poll backs off.
 */
const POLL_READ_RETRY = Object.freeze({
    maxAttempts: 2,
    baseDelayMs: _smithy_core_retry__WEBPACK_IMPORTED_MODULE_2__.THROTTLING_RETRY_DELAY_BASE,
    maxDelayMs: _smithy_core_retry__WEBPACK_IMPORTED_MODULE_2__.THROTTLING_RETRY_DELAY_BASE,
    totalBudgetMs: 2_000,
    jitter: 'full',
});
/**
 * The calls-per-minute budget of a step's watch: one service's budget for each DescribeServices call a
 * poll needs, so it grows with ceil(services / 10) per cluster and not with the number of services, and a
 * watch of one service stays at maxCallsPerMinute.
 */
function stepCallBudget(describeServicesCalls) {
    const share = Math.max(1, describeServicesCalls);
    return { maxCallsPerMinute: POLL_POLICY.maxCallsPerMinute * share, reservedForPolls: POLL_POLICY.reservedCallsForPolls * share };
}
/** Failures worth another try on the backoff: the rest end the watch (or the feature) at once. */
function isWorthRetrying(kind) {
    return kind === 'throttled' || kind === 'transient';
}
/**
 * Delay before the next poll: the interval after a success; after a throttled or transient poll, the
 * shared backoff from the previous delay. `random` is in [0, 1), like Math.random.
 */
function nextPollDelay(previousDelayMs, lastPoll, random) {
    if (lastPoll === 'ok')
        return POLL_POLICY.intervalMs;
    // Decorrelated jitter grows from the previous delay; the attempt number plays no part in it.
    return (0,_shared_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .nextDelay */ .rM)(POLL_BACKOFF, 1, Math.max(previousDelayMs, POLL_POLICY.intervalMs), random);
}


/***/ })

};
