"""Route tables, routes and subnet associations that a stack update or deletion removes, as
CloudFormation deletes them, where moto 5.2 keeps them.

moto 5.2's AWS::EC2::RouteTable, AWS::EC2::Route and AWS::EC2::SubnetRouteTableAssociation have no
CloudFormation delete, so removing them from a stack leaves them in EC2; a route table left behind
then makes moto refuse to delete its VPC ("The vpc ... has dependencies and cannot be deleted"),
e.g. when a relational-database, and with it the shared VPC, is removed from stack.yml.
moto deletes a stack's removed resources in passes, in no dependency order: each delete here
tolerates what an earlier pass already deleted.
"""
from moto.ec2.models import ec2_backends
from moto.ec2.models.route_tables import Route, RouteTable
from moto.ec2.models.subnets import SubnetRouteTableAssociation


def _route_table_delete(self, account_id, region_name):
    backend = ec2_backends[account_id][region_name]
    if self.id in backend.route_tables:
        backend.delete_route_table(self.id)


def _route_delete(self, account_id, region_name):
    table = ec2_backends[account_id][region_name].route_tables.get(self.route_table.id)
    if table is not None:
        table._routes.pop(self.id, None)


def _association_delete(self, account_id, region_name):
    ec2_backends[account_id][region_name].subnet_associations.pop(f"{self.route_table_id}:{self.subnet_id}", None)


def install():
    RouteTable.delete = _route_table_delete
    Route.delete = _route_delete
    SubnetRouteTableAssociation.delete = _association_delete
