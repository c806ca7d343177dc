// CDK app entry (cdk.json runs `node infra/app.ts`). Environment-agnostic: no account or
// region, so `cdk synth` works offline with no credentials; `cdk deploy` takes both from
// the caller's profile.
import { App } from 'aws-cdk-lib';
import { OneStopStack } from './stack.ts';

const app = new App();
new OneStopStack(app, 'OneStop', {
  description: 'One-stop permit service: one application, parallel department reviews, deemed approval on silence',
});
app.synth();
