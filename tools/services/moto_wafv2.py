"""AWS::WAFv2::WebACL and AWS::WAFv2::WebACLAssociation in moto's CloudFormation. moto 5.2 has a
WAFv2 API but no CloudFormation models for it (a stack "creates" them as nothing, with a
warning); here each is created in moto's wafv2 backend, so GetWebACL and GetWebACLForResource
answer for what a stack deployed. They refuse what WAF refuses:

- a web ACL of scope CLOUDFRONT outside us-east-1 (WAF keeps CloudFront web ACLs there);
- an association of a web ACL that does not exist, of a CLOUDFRONT one (those attach to a
  distribution's WebACLId, never through AssociateWebACL), of one from another region than the
  resource, or with a resource that does not exist or that WAF does not protect (of the kinds a
  stack here makes: an application load balancer, a Cognito user pool).

Ref of a web ACL is `<name>|<id>|<scope>`, as CloudFormation documents; GetAtt Arn, Id,
LabelNamespace. Deleting the association disassociates; deleting the ACL removes it.
"""
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException, ValidationError
from moto.cognitoidp.models import cognitoidp_backends
from moto.core.common_models import CloudFormationModel
from moto.elbv2.models import elbv2_backends
from moto.wafv2.models import GLOBAL_REGION, wafv2_backends

# moto files each model under the service its module path names (moto.<service>.models).
_MODULE = "moto.wafv2.cloudformation"
CLOUDFRONT_REGION = "us-east-1"


def _backend(account_id, region_name, scope):
    return wafv2_backends[account_id][GLOBAL_REGION if scope == "CLOUDFRONT" else region_name]


class CfnWebACL(CloudFormationModel):
    __module__ = _MODULE

    def __init__(self, acl, scope, account_id, region_name):
        self.acl, self.scope, self.account_id, self.region_name = acl, scope, account_id, region_name

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @staticmethod
    def cloudformation_type():
        return "AWS::WAFv2::WebACL"

    @property
    def physical_resource_id(self):
        return f"{self.acl.name}|{self.acl.id}|{self.scope}"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("Arn", "Id", "LabelNamespace")

    def get_cfn_attribute(self, attribute_name):
        values = {"Arn": self.acl.arn, "Id": self.acl.id, "LabelNamespace": self.acl.label_namespace}
        if attribute_name not in values:
            raise UnformattedGetAttTemplateException()
        return values[attribute_name]

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json.get("Properties") or {}
        scope = p.get("Scope")
        if scope not in ("REGIONAL", "CLOUDFRONT"):
            raise ValidationError(message=f"WAFInvalidParameterException: Scope must be REGIONAL or CLOUDFRONT, not {scope!r}")
        if scope == "CLOUDFRONT" and region_name != CLOUDFRONT_REGION:
            raise ValidationError(message=f"WAFInvalidParameterException: a web ACL of scope CLOUDFRONT is created in {CLOUDFRONT_REGION} only (this stack is in {region_name})")
        acl = _backend(account_id, region_name, scope).create_web_acl(
            name=p.get("Name", resource_name),
            visibility_config=p["VisibilityConfig"],
            default_action=p["DefaultAction"],
            scope=scope,
            description=p.get("Description"),
            tags=p.get("Tags") or [],
            rules=p.get("Rules") or [],
            association_config=p.get("AssociationConfig"),
            captcha_config=p.get("CaptchaConfig"),
            challenge_config=p.get("ChallengeConfig"),
            custom_response_bodies=p.get("CustomResponseBodies"),
            token_domains=p.get("TokenDomains"),
        )
        return cls(acl, scope, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        p = cloudformation_json.get("Properties") or {}
        if p.get("Scope") != original_resource.scope or p.get("Name", original_resource.acl.name) != original_resource.acl.name:
            # A new name or scope is a new web ACL in CloudFormation too.
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
        acl = original_resource.acl
        _backend(account_id, region_name, original_resource.scope).update_web_acl(
            name=acl.name,
            _id=acl.id,
            default_action=p["DefaultAction"],
            rules=p.get("Rules") or [],
            description=p.get("Description"),
            visibility_config=p["VisibilityConfig"],
            lock_token=acl.lock_token,
            custom_response_bodies=p.get("CustomResponseBodies"),
            captcha_config=p.get("CaptchaConfig"),
            challenge_config=p.get("ChallengeConfig"),
            token_domains=p.get("TokenDomains"),
            association_config=p.get("AssociationConfig"),
        )
        return original_resource

    def delete(self, account_id, region_name):
        backend = _backend(account_id, region_name, self.scope)
        if self.acl.arn in backend.wacls:
            backend.delete_web_acl(self.acl.name, self.scope, self.acl.id, self.acl.lock_token)


def _resource_exists(account_id, resource_arn):
    """(exists, kind) for the resource kinds stacks here associate; kind None: WAF does not protect it."""
    parts = resource_arn.split(":", 5)
    if len(parts) < 6:
        return False, None
    service, region, resource = parts[2], parts[3], parts[5]
    if service == "elasticloadbalancing" and resource.startswith("loadbalancer/app/"):
        backend = elbv2_backends[account_id][region]
        return resource_arn in backend.load_balancers, "application load balancer"
    if service == "cognito-idp" and resource.startswith("userpool/"):
        return resource.split("/", 1)[1] in cognitoidp_backends[account_id][region].user_pools, "Cognito user pool"
    return False, None


class CfnWebACLAssociation(CloudFormationModel):
    __module__ = _MODULE

    def __init__(self, resource_arn, web_acl_arn, region_name):
        self.resource_arn, self.web_acl_arn, self.region_name = resource_arn, web_acl_arn, region_name

    @staticmethod
    def cloudformation_type():
        return "AWS::WAFv2::WebACLAssociation"

    @property
    def physical_resource_id(self):
        return f"{self.resource_arn}|{self.web_acl_arn}"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json.get("Properties") or {}
        resource_arn, web_acl_arn = p["ResourceArn"], p["WebACLArn"]
        if ":global/webacl/" in web_acl_arn:
            raise ValidationError(message=f"WAFInvalidParameterException: {web_acl_arn} has scope CLOUDFRONT: a CloudFront web ACL is attached to a distribution (its WebACLId), not associated with {resource_arn}")
        backend = wafv2_backends[account_id][region_name]
        if web_acl_arn not in backend.wacls:
            raise ValidationError(message=f"WAFNonexistentItemException: no web ACL {web_acl_arn} in {region_name}")
        exists, kind = _resource_exists(account_id, resource_arn)
        if kind is None:
            raise ValidationError(message=f"WAFInvalidParameterException: {resource_arn} is not a resource WAF protects (of those this emulator knows: application load balancer, Cognito user pool)")
        if resource_arn.split(":")[3] != region_name:
            raise ValidationError(message=f"WAFInvalidParameterException: the {kind} {resource_arn} is not in the web ACL's region {region_name}")
        if not exists:
            raise ValidationError(message=f"WAFNonexistentItemException: no {kind} {resource_arn}")
        backend.associate_web_acl(web_acl_arn, resource_arn)
        return cls(resource_arn, web_acl_arn, region_name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    def delete(self, account_id, region_name):
        wafv2_backends[account_id][self.region_name].disassociate_web_acl(self.resource_arn)
