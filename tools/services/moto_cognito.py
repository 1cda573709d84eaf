"""AWS::Cognito::UserPool, UserPoolClient, UserPoolDomain and UserPoolIdentityProvider in moto's
CloudFormation. moto 5.2 has a cognito-idp API but no CloudFormation models for it (a stack
"creates" them as nothing, with a warning); here each is created, updated and deleted in moto's
cognito-idp backend from the template's properties, which are the API's, so a deployed pool can
be read back through DescribeUserPool, DescribeUserPoolClient, DescribeIdentityProvider. Ref and
GetAtt return what CloudFormation documents (pool id, client id, provider name, domain)."""
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.cognitoidp.models import cognitoidp_backends
from moto.core.common_models import CloudFormationModel


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
        return self.domain.cloudfront_distribution if hasattr(self.domain, "cloudfront_distribution") else f"{self.domain.domain}.cloudfront.net"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = _properties(cloudformation_json)
        return cls(_backend(account_id, region_name).create_user_pool_domain(props["UserPoolId"], props["Domain"], props.get("CustomDomainConfig")))

    def delete(self, account_id, region_name):
        _backend(account_id, region_name).delete_user_pool_domain(self.domain.domain)

