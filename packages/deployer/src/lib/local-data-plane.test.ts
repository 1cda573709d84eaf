import { describe, expect, it } from 'vitest';
import { localAwsEnvironment } from '@nxstack/local-runtime';
import { localDataResources } from './local-data-plane';
import { localResources } from './local-outputs';

const template = {
  Resources: {
    UploadsBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': 'api-local-uploads-${AWS::AccountId}-${AWS::Region}' }, VersioningConfiguration: { Status: 'Enabled' } } },
    OrdersTable: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } } },
    JobsQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'api-local-jobs', FifoQueue: false, VisibilityTimeout: 30 } },
    DeadQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'api-local-dead', RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] }, maxReceiveCount: 3 } } },
    NewsTopic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'api-local-news' } },
    NewsSubscription1: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'NewsTopic' }, Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] } } },
    NewsSubscription2: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'NewsTopic' }, Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': ['FnFunction', 'Arn'] } } },
    FnFunction: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'api-local-fn' } },
    FnRole: { Type: 'AWS::IAM::Role', Properties: {} },
  },
};

describe('localDataResources', () => {
  const data = localDataResources(template, localResources(template, 'api-local'), 'api-local');
  const byId = Object.fromEntries(data.map((d) => [d.logicalId, d]));

  it('takes only data resources, not functions, roles or SNS → function subscriptions (not emulated)', () => {
    expect(data.map((d) => d.logicalId)).toEqual(['DeadQueue', 'JobsQueue', 'NewsSubscription1', 'NewsTopic', 'OrdersTable', 'UploadsBucket']);
  });

  it('names them as the local stage does and resolves intrinsics, keeping numbers and booleans', () => {
    expect(byId.UploadsBucket).toMatchObject({ name: 'api-local-uploads-000000000000-local', properties: { VersioningConfiguration: { Status: 'Enabled' } } });
    expect(byId.OrdersTable).toMatchObject({ name: 'api-local-OrdersTable', properties: { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } } });
    expect(byId.JobsQueue.properties).toEqual({ QueueName: 'api-local-jobs', FifoQueue: false, VisibilityTimeout: 30 });
    expect(byId.DeadQueue.properties.RedrivePolicy).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:local:000000000000:api-local-jobs', maxReceiveCount: 3 });
    expect(byId.NewsSubscription1.properties).toEqual({ TopicArn: 'arn:aws:sns:local:000000000000:api-local-news', Protocol: 'sqs', Endpoint: 'arn:aws:sqs:local:000000000000:api-local-jobs' });
  });
});

describe('localAwsEnvironment', () => {
  it('points the SDK at the local server with dummy credentials', () => {
    expect(localAwsEnvironment('http://127.0.0.1:4566', {}, {})).toEqual({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  });

  it("adds nothing when the user set AWS_ENDPOINT_URL (function environment or shell); an empty one counts as unset", () => {
    expect(localAwsEnvironment('http://127.0.0.1:4566', { AWS_ENDPOINT_URL: 'http://mine:1' }, {})).toEqual({});
    expect(localAwsEnvironment('http://127.0.0.1:4566', {}, { AWS_ENDPOINT_URL: 'http://mine:1' })).toEqual({});
    expect(localAwsEnvironment('http://127.0.0.1:4566', {}, { AWS_ENDPOINT_URL: '' })).toHaveProperty('AWS_ENDPOINT_URL', 'http://127.0.0.1:4566');
  });
});
