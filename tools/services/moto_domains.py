"""CloudFormation models moto 5.2 lacks for custom domains, behaving as CloudFormation does:

- AWS::ApiGatewayV2::Api: the HTTP API is created in moto's API Gateway v2 (Ref = API id,
  GetAtt ApiEndpoint / ApiId), so a domain name's ApiMapping can name it; updated in place;
- AWS::CertificateManager::Certificate with ValidationMethod DNS: requested in moto's ACM; for each
  DomainValidationOptions entry with a HostedZoneId the validation CNAME is written into that zone
  (CloudFormation does this itself) and the certificate is then ISSUED (what CloudFormation waits
  for); without a HostedZoneId it stays PENDING_VALIDATION and the resource fails, as CloudFormation
  times out (Ref = ARN);
- AWS::ApiGatewayV2::DomainName: created in API Gateway v2 with its regional endpoint
  (`d-<id>.execute-api.<region>.amazonaws.com`) and API Gateway's hosted zone for the region
  (GetAtt RegionalDomainName / RegionalHostedZoneId);
- AWS::ApiGatewayV2::ApiMapping: created on the domain name (Ref = mapping id).

Deleting each resource deletes what it created (the certificate's validation record too). An
update of a certificate, domain name or mapping replaces it (a new certificate on a new domain name
is a replacement in CloudFormation too).
Route 53 record sets (AWS::Route53::RecordSet, alias targets included) are moto's own model.
"""
import hashlib

from moto.acm.models import acm_backends
from moto.apigatewayv2.models import apigatewayv2_backends
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException, ValidationError
from moto.core.common_models import CloudFormationModel
from moto.route53.models import route53_backends
from moto.utilities.utils import get_partition

# API Gateway's hosted zone ids of regional endpoints (AWS's published table), for alias records.
REGIONAL_HOSTED_ZONES = {
    "us-east-1": "Z1UJRXOUMOOFQ8",
    "us-east-2": "ZOJJZC49E0EPZ",
    "us-west-1": "Z2MUQ32089INYE",
    "us-west-2": "Z2OJLYMUO9EFXC",
    "eu-west-1": "ZLY8HYME6SFDD",
    "eu-west-2": "ZJ5UAJN8Y3Z2Q",
    "eu-central-1": "Z1U9ULNL0V5AJ3",
    "ap-southeast-1": "ZL327KTPIQFUL",
    "ap-northeast-1": "Z1YSHQZHG15GKL",
}


def _update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    original_resource.delete(account_id, region_name)
    return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)


class HttpApi(CloudFormationModel):
    # moto's model registry files every model under the service its module names.
    __module__ = "moto.apigatewayv2.models"

    def __init__(self, api, account_id, region):
        self.api, self.account_id, self.region = api, account_id, region

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::Api"

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("ApiEndpoint", "ApiId")

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        api = apigatewayv2_backends[account_id][region_name].create_api(
            api_key_selection_expression=p.get("ApiKeySelectionExpression"),
            cors_configuration=p.get("CorsConfiguration"),
            description=p.get("Description"),
            disable_schema_validation=p.get("DisableSchemaValidation"),
            disable_execute_api_endpoint=p.get("DisableExecuteApiEndpoint"),
            name=p.get("Name", resource_name),
            protocol_type=p.get("ProtocolType", "HTTP"),
            route_selection_expression=p.get("RouteSelectionExpression"),
            tags=p.get("Tags") or {},
            version=p.get("Version"),
        )
        return cls(api, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        # In place, as CloudFormation updates an HTTP API: its id (and what references it) stays.
        p = cloudformation_json["Properties"]
        api = original_resource.api
        api.name = p.get("Name", api.name)
        api.cors_configuration = p.get("CorsConfiguration")
        api.description = p.get("Description")
        return original_resource

    @property
    def physical_resource_id(self):
        return self.api.api_id

    def get_cfn_attribute(self, attribute_name):
        if attribute_name == "ApiId":
            return self.api.api_id
        if attribute_name == "ApiEndpoint":
            return f"https://{self.api.api_id}.execute-api.{self.region}.amazonaws.com"
        raise UnformattedGetAttTemplateException()

    def delete(self, account_id, region):
        apigatewayv2_backends[account_id][region].delete_api(self.api.api_id)


class Certificate(CloudFormationModel):
    # moto's model registry files every model under the service its module names.
    __module__ = "moto.acm.models"

    def __init__(self, arn, records, account_id, region):
        self.arn, self.records, self.account_id, self.region = arn, records, account_id, region

    @staticmethod
    def cloudformation_type():
        return "AWS::CertificateManager::Certificate"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        acm = acm_backends[account_id][region_name]
        arn = acm.request_certificate(p["DomainName"], None, p.get("SubjectAlternativeNames") or [], [])
        cert = acm.get_certificate(arn)
        names = set([p["DomainName"], *(p.get("SubjectAlternativeNames") or [])])
        zones = {o["DomainName"]: o.get("HostedZoneId") for o in p.get("DomainValidationOptions") or []}
        missing = sorted(n for n in names if not zones.get(n))
        if p.get("ValidationMethod") == "DNS" and missing:
            acm.delete_certificate(arn)
            raise ValidationError(message=f"Certificate {arn} is not validated: no validation record for {', '.join(missing)} (DomainValidationOptions without HostedZoneId); CloudFormation would wait until it times out")
        route53 = route53_backends[account_id][get_partition(region_name)]
        records = []
        for option in cert.describe()["Certificate"]["DomainValidationOptions"]:
            record = option["ResourceRecord"]
            zone = route53.get_hosted_zone(zones[option["DomainName"]])
            zone.upsert_rrset({"Name": record["Name"], "Type": record["Type"], "TTL": 300, "ResourceRecords": [record["Value"]]})
            records.append((zone.resource_id, record["Name"], record["Type"]))
        cert.status = "ISSUED"
        return cls(arn, records, account_id, region_name)

    update_from_cloudformation_json = classmethod(_update)

    @property
    def physical_resource_id(self):
        return self.arn

    def delete(self, account_id, region):
        acm_backends[account_id][region].delete_certificate(self.arn)
        route53 = route53_backends[account_id][get_partition(region)]
        for zone_id, name, kind in self.records:
            try:
                route53.get_hosted_zone(zone_id).delete_rrset({"Name": name, "Type": kind})
            except Exception:
                pass  # the zone went first; CloudFormation leaves the record to the zone too


class DomainName(CloudFormationModel):
    # moto's model registry files every model under the service its module names.
    __module__ = "moto.apigatewayv2.models"

    def __init__(self, domain, account_id, region):
        self.domain, self.account_id, self.region = domain, account_id, region

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::DomainName"

    @staticmethod
    def cloudformation_name_type():
        return "DomainName"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in ("RegionalDomainName", "RegionalHostedZoneId", "DomainNameArn")

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        name = p["DomainName"]
        endpoint = f"d-{hashlib.sha256(f'{account_id}/{region_name}/{name}'.encode()).hexdigest()[:10]}.execute-api.{region_name}.amazonaws.com"
        # Kept as the REST API spells them (camelCase), so GetDomainName answers them too.
        configurations = [
            {**{k[0].lower() + k[1:]: v for k, v in c.items()}, "apiGatewayDomainName": endpoint, "hostedZoneId": REGIONAL_HOSTED_ZONES.get(region_name, "Z1UJRXOUMOOFQ8"), "domainNameStatus": "AVAILABLE"}
            for c in p.get("DomainNameConfigurations") or [{}]
        ]
        domain = apigatewayv2_backends[account_id][region_name].create_domain_name(
            domain_name=name, domain_name_configurations=configurations, mutual_tls_authentication=p.get("MutualTlsAuthentication") or {}, tags=p.get("Tags") or {}
        )
        return cls(domain, account_id, region_name)

    update_from_cloudformation_json = classmethod(_update)

    @property
    def physical_resource_id(self):
        return self.domain.domain_name

    def get_cfn_attribute(self, attribute_name):
        configuration = self.domain.domain_name_configurations[0]
        if attribute_name == "RegionalDomainName":
            return configuration["apiGatewayDomainName"]
        if attribute_name == "RegionalHostedZoneId":
            return configuration["hostedZoneId"]
        if attribute_name == "DomainNameArn":
            return self.domain.domain_name_arn
        raise UnformattedGetAttTemplateException()

    def delete(self, account_id, region):
        apigatewayv2_backends[account_id][region].delete_domain_name(self.domain.domain_name)


class ApiMapping(CloudFormationModel):
    # moto's model registry files every model under the service its module names.
    __module__ = "moto.apigatewayv2.models"

    def __init__(self, mapping, account_id, region):
        self.mapping, self.account_id, self.region = mapping, account_id, region

    @staticmethod
    def cloudformation_type():
        return "AWS::ApiGatewayV2::ApiMapping"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        mapping = apigatewayv2_backends[account_id][region_name].create_api_mapping(
            api_id=p["ApiId"], api_mapping_key=p.get("ApiMappingKey", ""), domain_name=p["DomainName"], stage=p["Stage"]
        )
        return cls(mapping, account_id, region_name)

    update_from_cloudformation_json = classmethod(_update)

    @property
    def physical_resource_id(self):
        return self.mapping.api_mapping_id

    def delete(self, account_id, region):
        backend = apigatewayv2_backends[account_id][region]
        if self.mapping.domain_name in backend.domain_names:
            backend.delete_api_mapping(self.mapping.api_mapping_id, self.mapping.domain_name)


def install():
    # moto caches its list of CloudFormation models on first use: make it see these.
    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()
