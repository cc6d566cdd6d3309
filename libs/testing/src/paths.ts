import * as path from 'node:path';

/** The workspace root (this file is libs/testing/src/paths.ts). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** deploy/kafka: the scripts, properties template and log4j2 config shared with start.sh. */
export const KAFKA_DEPLOY_DIR = path.join(REPO_ROOT, 'deploy', 'kafka');

/** The ignored scratch folder of the workspace (run dirs, state files, embedded PostgreSQL). */
export const WORKSPACE_TMP = path.join(REPO_ROOT, 'tmp');
