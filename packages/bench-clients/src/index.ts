export { checkConsumer, packageDir, readmeExample, type ClientPackage, type ConsumerCheck } from './consumer-check.js';
export { bundleSize, type BundleSize } from './bundle-size.js';
