"""AWS::Cognito::UserPool, UserPoolClient, UserPoolDomain and UserPoolIdentityProvider in moto's
CloudFormation. moto 5.2 has a cognito-idp API but no CloudFormation models for it (a stack
"creates" them as nothing, with a warning); here each is created, updated and deleted in moto's
cognito-idp backend from the template's properties, which are the API's, so a deployed pool can
be read back through DescribeUserPool, DescribeUserPoolClient, DescribeIdentityProvider. Ref and
GetAtt return what CloudFormation documents (pool id, client id, provider name, domain).

A custom domain (UserPoolDomain with CustomDomainConfig) is refused as Cognito refuses it: its
certificate must be an ISSUED ACM certificate in us-east-1 covering the domain, and the parent
domain must resolve to an A record (here: an A record in one of moto's Route 53 zones)."""
from moto.acm.models import acm_backends
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException, ValidationError
from moto.cognitoidp.models import cognitoidp_backends
from moto.core.common_models import CloudFormationModel
from moto.route53.models import route53_backends
from moto.utilities.utils import get_partition


# moto files each model under the service its module path names (moto.<service>.models).
_MODULE = "moto.cognitoidp.cloudformation"


def _backend(account_id, region_name):
    return cognitoidp_backends[account_id][region_name]


def _properties(cloudformation_json, *drop):
    return {k: v for k, v in (cloudformation_json.get("Properties") or {}).items() if k not in drop}


class CfnUserPool(CloudFormationModel):
    __module__ = _MODULE

    def __init__(self, pool, account_id, region_name):
        self.pool, self.account_id, self.region_name = pool, account_id, region_name

    @staticmethod
    def cloudformation_name_type():
        return "UserPoolName"

    @staticmethod
    def cloudformation_type():
        return "AWS::Cognito::UserPool"

    @property
    def physical_resource_id(self):
        return self.pool.id

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("Arn", "ProviderName", "ProviderURL", "UserPoolId")

    def get_cfn_attribute(self, attribute_name):
        provider = f"cognito-idp.{self.region_name}.amazonaws.com/{self.pool.id}"
        values = {"Arn": self.pool.arn, "ProviderName": provider, "ProviderURL": f"https://{provider}", "UserPoolId": self.pool.id}
        if attribute_name not in values:
            raise UnformattedGetAttTemplateException()
        return values[attribute_name]

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        name = (cloudformation_json.get("Properties") or {}).get("UserPoolName", resource_name)
        pool = _backend(account_id, region_name).create_user_pool(name, _properties(cloudformation_json, "UserPoolName", "UserPoolTags"))
        return cls(pool, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        _backend(account_id, region_name).update_user_pool(original_resource.pool.id, _properties(cloudformation_json, "UserPoolName", "UserPoolTags", "Schema"))
        return original_resource

    def delete(self, account_id, region_name):
        _backend(account_id, region_name).delete_user_pool(self.pool.id)


class CfnUserPoolClient(CloudFormationModel):
    __module__ = _MODULE

    def __init__(self, client):
        self.client = client

    @staticmethod
    def cloudformation_name_type():
        return "ClientName"

    @staticmethod
    def cloudformation_type():
        return "AWS::Cognito::UserPoolClient"

    @property
    def physical_resource_id(self):
        return self.client.id

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("ClientId", "ClientSecret", "Name")

    def get_cfn_attribute(self, attribute_name):
        values = {"ClientId": self.client.id, "ClientSecret": self.client.secret, "Name": self.client.extended_config.get("ClientName")}
        if attribute_name not in values:
            raise UnformattedGetAttTemplateException()
        return values[attribute_name]

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _properties(cloudformation_json)
        pool_id = props.pop("UserPoolId")
        generate = bool(props.pop("GenerateSecret", False))
        return cls(_backend(account_id, region_name).create_user_pool_client(pool_id, generate, props))

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        props = _properties(cloudformation_json, "GenerateSecret")
        pool_id = props.pop("UserPoolId")
        _backend(account_id, region_name).update_user_pool_client(pool_id, original_resource.client.id, props)
        return original_resource

    def delete(self, account_id, region_name):
        _backend(account_id, region_name).delete_user_pool_client(self.client.user_pool_id, self.client.id)


class CfnUserPoolIdentityProvider(CloudFormationModel):
    __module__ = _MODULE

    def __init__(self, pool_id, name):
        self.pool_id, self.name = pool_id, name

    @staticmethod
    def cloudformation_name_type():
        return "ProviderName"

    @staticmethod
    def cloudformation_type():
        return "AWS::Cognito::UserPoolIdentityProvider"

    @property
    def physical_resource_id(self):
        return self.name

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _properties(cloudformation_json)
        pool_id, name = props.pop("UserPoolId"), props.pop("ProviderName")
        _backend(account_id, region_name).create_identity_provider(pool_id, name, props)
        return cls(pool_id, name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        props = _properties(cloudformation_json, "UserPoolId", "ProviderName", "ProviderType")
        _backend(account_id, region_name).update_identity_provider(original_resource.pool_id, original_resource.name, props)
        return original_resource

    def delete(self, account_id, region_name):
        _backend(account_id, region_name).delete_identity_provider(self.pool_id, self.name)


class CfnUserPoolDomain(CloudFormationModel):
    __module__ = _MODULE

    def __init__(self, domain):
        self.domain = domain

    @staticmethod
    def cloudformation_name_type():
        return "Domain"

    @staticmethod
    def cloudformation_type():
        return "AWS::Cognito::UserPoolDomain"

    @property
    def physical_resource_id(self):
        return self.domain.domain

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr == "CloudFrontDistribution"

    def get_cfn_attribute(self, attribute_name):
        if attribute_name != "CloudFrontDistribution":
            raise UnformattedGetAttTemplateException()
        # What DescribeUserPoolDomain answers as CloudFrontDistribution.
        return self.domain.to_json()["CloudFrontDistribution"]

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _properties(cloudformation_json)
        if props.get("CustomDomainConfig"):
            _check_custom_domain(account_id, props["Domain"], props["CustomDomainConfig"].get("CertificateArn", ""))
        return cls(_backend(account_id, region_name).create_user_pool_domain(props["UserPoolId"], props["Domain"], props.get("CustomDomainConfig")))

    def delete(self, account_id, region_name):
        _backend(account_id, region_name).delete_user_pool_domain(self.domain.domain)



def _covers(name, domain):
    return name == domain or (name.startswith("*.") and domain.split(".", 1)[-1] == name[2:])


def _check_custom_domain(account_id, domain, certificate_arn):
    refuse = lambda why: ValidationError(message=f"InvalidParameterException: custom domain {domain}: {why}")
    parts = certificate_arn.split(":")
    if len(parts) < 6 or parts[2] != "acm" or parts[3] != "us-east-1":
        raise refuse(f"the certificate {certificate_arn!r} is not an ACM certificate in us-east-1 (Cognito serves custom domains through CloudFront)")
    try:
        cert = acm_backends[account_id]["us-east-1"].get_certificate(certificate_arn).describe()["Certificate"]
    except Exception:
        raise refuse(f"the certificate {certificate_arn} does not exist")
    if cert.get("Status") != "ISSUED":
        raise refuse(f"the certificate {certificate_arn} is {cert.get('Status')}, not ISSUED")
    if not any(_covers(n, domain) for n in [cert.get("DomainName"), *(cert.get("SubjectAlternativeNames") or [])]):
        raise refuse(f"the certificate {certificate_arn} does not cover it")
    parent = domain.split(".", 1)[-1]
    if "." not in parent:
        raise refuse("its parent domain is a top-level domain")
    route53 = route53_backends[account_id][get_partition("us-east-1")]
    for zone in route53.zones.values():
        if any(r.name.rstrip(".") == parent and r.type == "A" for r in zone.rrsets):
            return
    raise refuse(f"was not able to resolve a DNS A record for the parent domain {parent}")
