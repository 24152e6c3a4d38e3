export {
  checkConsumer,
  packageDir,
  pnpmCommand,
  readmeExample,
  type ConsumerCheck,
  type ConsumerCheckOptions,
} from './consumer-check.js';
export { bundleSize, type BundleSize } from './bundle-size.js';
