// The published build (tsdown): see @roomkit/http-runtime/tsdown-client for what it bundles.
import { defineConfig } from 'tsdown';
import { clientBuild } from '@roomkit/http-runtime/tsdown-client';

export default defineConfig(clientBuild);
