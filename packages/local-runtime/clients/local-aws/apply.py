"""Creates and deletes the local stage's data resources in the local AWS server (moto) with boto3.

    python3 -I -S apply.py <packages-dir> <spec.json>   spec: {"endpoint", "region", "remove": [...], "create": [...]}

Each resource is {"logicalId", "type", "name", "properties"}: a CloudFormation resource of the
compiled template whose intrinsics nxstack already resolved to local values. Prints one JSON
line {"created": [...], "removed": [...]}; on failure, {"error", "logicalId"} and exit 1.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import boto3  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

with open(sys.argv[2]) as f:
    spec = json.load(f)
session = boto3.session.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name=spec["region"])
clients = {}


def client(service):
    if service not in clients:
        clients[service] = session.client(service, endpoint_url=spec["endpoint"])
    return clients[service]


def text(v):
    return str(v).lower() if isinstance(v, bool) else json.dumps(v) if isinstance(v, (dict, list)) else str(v)


def create_bucket(name, p):
    s3 = client("s3")
    region = spec["region"]
    s3.create_bucket(Bucket=name, **({} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}))
    if p.get("VersioningConfiguration"):
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": p["VersioningConfiguration"]["Status"]})
    if p.get("CorsConfiguration"):
        s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": p["CorsConfiguration"]["CorsRules"]})
    if p.get("BucketEncryption"):
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": p["BucketEncryption"]["ServerSideEncryptionConfiguration"]})
    if p.get("LifecycleConfiguration"):
        s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [lifecycle_rule(r) for r in p["LifecycleConfiguration"]["Rules"]]})


def lifecycle_rule(r):
    """One CloudFormation lifecycle rule (the fields the compiler writes) in the S3 API's shape; moto stores it, it expires nothing."""
    tags = [{"Key": t["Key"], "Value": t["Value"]} for t in r.get("TagFilters", [])]
    prefix = r.get("Prefix", "")
    if tags:
        rule_filter = {"And": {"Prefix": prefix, "Tags": tags}} if prefix or len(tags) > 1 else {"Tag": tags[0]}
    else:
        rule_filter = {"Prefix": prefix}
    out = {"ID": r["Id"], "Status": r["Status"], "Filter": rule_filter}
    if "ExpirationInDays" in r:
        out["Expiration"] = {"Days": r["ExpirationInDays"]}
    if "NoncurrentVersionExpirationInDays" in r:
        out["NoncurrentVersionExpiration"] = {"NoncurrentDays": r["NoncurrentVersionExpirationInDays"]}
    if "Transitions" in r:
        out["Transitions"] = [{"Days": t["TransitionInDays"], "StorageClass": t["StorageClass"]} for t in r["Transitions"]]
    if "NoncurrentVersionTransitions" in r:
        out["NoncurrentVersionTransitions"] = [{"NoncurrentDays": t["TransitionInDays"], "StorageClass": t["StorageClass"]} for t in r["NoncurrentVersionTransitions"]]
    if "AbortIncompleteMultipartUpload" in r:
        out["AbortIncompleteMultipartUpload"] = r["AbortIncompleteMultipartUpload"]
    return out


def delete_bucket(name):
    s3 = client("s3")
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=name):
        objects = [{"Key": o["Key"], "VersionId": o["VersionId"]} for o in page.get("Versions", []) + page.get("DeleteMarkers", [])]
        if objects:
            s3.delete_objects(Bucket=name, Delete={"Objects": objects})
    s3.delete_bucket(Bucket=name)


def create_table(name, p):
    args = {k: p[k] for k in ("KeySchema", "AttributeDefinitions", "BillingMode", "ProvisionedThroughput", "GlobalSecondaryIndexes", "LocalSecondaryIndexes") if k in p}
    if p.get("StreamSpecification"):
        args["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": p["StreamSpecification"]["StreamViewType"]}
    client("dynamodb").create_table(TableName=name, **args)


QUEUE_ATTRIBUTES = ("FifoQueue", "ContentBasedDeduplication", "VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy")


def create_queue(name, p):
    client("sqs").create_queue(QueueName=name, Attributes={k: text(p[k]) for k in QUEUE_ATTRIBUTES if k in p})


def delete_queue(name):
    sqs = client("sqs")
    sqs.delete_queue(QueueUrl=sqs.get_queue_url(QueueName=name)["QueueUrl"])


TOPIC_ATTRIBUTES = ("FifoTopic", "ContentBasedDeduplication", "DisplayName")


def create_topic(name, p):
    client("sns").create_topic(Name=name, Attributes={k: text(p[k]) for k in TOPIC_ATTRIBUTES if k in p})


def topic_arn(name):
    return f"arn:aws:sns:{spec['region']}:{spec['account']}:{name}"


def create_subscription(_name, p):
    attributes = {"FilterPolicy": text(p["FilterPolicy"])} if p.get("FilterPolicy") else {}
    client("sns").subscribe(TopicArn=p["TopicArn"], Protocol=p["Protocol"], Endpoint=p["Endpoint"], Attributes=attributes)


def delete_subscription(_name, p):
    sns = client("sns")
    for page in sns.get_paginator("list_subscriptions_by_topic").paginate(TopicArn=p["TopicArn"]):
        for s in page["Subscriptions"]:
            if s["Protocol"] == p["Protocol"] and s["Endpoint"] == p["Endpoint"]:
                sns.unsubscribe(SubscriptionArn=s["SubscriptionArn"])


def create_stream(name, p):
    mode = (p.get("StreamModeDetails") or {}).get("StreamMode", "PROVISIONED")
    kinesis = client("kinesis")
    args = {"StreamModeDetails": {"StreamMode": mode}}
    if mode == "PROVISIONED":
        args["ShardCount"] = int(p.get("ShardCount", 1))
    kinesis.create_stream(StreamName=name, **args)
    kinesis.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 50})
    if int(p.get("RetentionPeriodHours", 24)) > 24:
        kinesis.increase_stream_retention_period(StreamName=name, RetentionPeriodHours=int(p["RetentionPeriodHours"]))


CREATE = {
    "AWS::S3::Bucket": create_bucket,
    "AWS::DynamoDB::Table": create_table,
    "AWS::SQS::Queue": create_queue,
    "AWS::SNS::Topic": create_topic,
    "AWS::SNS::Subscription": create_subscription,
    "AWS::Events::EventBus": lambda name, _p: client("events").create_event_bus(Name=name),
    "AWS::Kinesis::Stream": create_stream,
}
DELETE = {
    "AWS::S3::Bucket": lambda name, _p: delete_bucket(name),
    "AWS::DynamoDB::Table": lambda name, _p: client("dynamodb").delete_table(TableName=name),
    "AWS::SQS::Queue": lambda name, _p: delete_queue(name),
    "AWS::SNS::Topic": lambda name, _p: client("sns").delete_topic(TopicArn=topic_arn(name)),
    "AWS::SNS::Subscription": delete_subscription,
    "AWS::Events::EventBus": lambda name, _p: client("events").delete_event_bus(Name=name),
    "AWS::Kinesis::Stream": lambda name, _p: client("kinesis").delete_stream(StreamName=name, EnforceConsumerDeletion=True),
}
GONE = ("NoSuchBucket", "ResourceNotFoundException", "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "NotFound")

done = {"created": [], "removed": []}
current = None
try:
    # Subscriptions go before what they point at, and come after it.
    for r in sorted(spec.get("remove", []), key=lambda r: r["type"] != "AWS::SNS::Subscription"):
        current = r
        try:
            DELETE[r["type"]](r["name"], r.get("properties", {}))
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") not in GONE:
                raise
        done["removed"].append(r["logicalId"])
    for r in sorted(spec.get("create", []), key=lambda r: r["type"] == "AWS::SNS::Subscription"):
        current = r
        CREATE[r["type"]](r["name"], r.get("properties", {}))
        done["created"].append(r["logicalId"])
except Exception as e:  # noqa: BLE001 - reported to nxstack with the resource it concerns
    print(json.dumps({"error": f"{type(e).__name__}: {e}", "logicalId": current and current["logicalId"], **done}))
    sys.exit(1)
print(json.dumps(done))
