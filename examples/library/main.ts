import { App, Chart } from 'cdk8s';
import {
  AzureDiskStorageClass,
  CodeCanvasInstallation,
  loadConfigFile,
  Namespace,
} from 'codecanvas-cdk8s';

const app = new App();

// The platform team's own chart, using two of the library's building blocks.
const platform = new Chart(app, 'platform');
new Namespace(platform, 'Tools', { name: 'platform-tools', metadata: { labels: { team: 'platform' } } });
new AzureDiskStorageClass(platform, 'FastDisks', {
  name: 'fast-premium',
  skuName: 'Premium_LRS',
  metadata: { annotations: { 'example.com/owner': 'platform' } },
});

// CodeCanvas next to it: one chart per cluster (application, dev-westeurope, ...), from the same config file the
// codecanvas-cdk8s command reads.
new CodeCanvasInstallation(app, 'CodeCanvas', loadConfigFile('codecanvas.yaml'));

app.synth();
