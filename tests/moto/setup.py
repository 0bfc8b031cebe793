"""Prepares a moto server for the end-to-end test: a cluster, a Fargate task definition, and a
VPC (DNS hostnames on) with a subnet and a security group, which moto needs for awsvpc tasks.

    python3 tests/moto/setup.py http://127.0.0.1:PORT

Prints one JSON object: {"cluster": ..., "task_definition": ..., "subnet": ..., "security_group": ...}.
"""
import json
import sys

import boto3

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
ecs = session.client("ecs", endpoint_url=endpoint)
ec2 = session.client("ec2", endpoint_url=endpoint)

vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
group = ec2.create_security_group(GroupName="e2e", Description="e2e", VpcId=vpc)["GroupId"]

ecs.create_cluster(clusterName="e2e")
definition = ecs.register_task_definition(
    family="sleeper",
    requiresCompatibilities=["FARGATE"],
    networkMode="awsvpc",
    cpu="256",
    memory="512",
    containerDefinitions=[{"name": "sleep", "image": "busybox", "command": ["sleep", "360"], "memory": 128, "essential": True}],
)["taskDefinition"]

print(json.dumps({"cluster": "e2e", "task_definition": f"{definition['family']}:{definition['revision']}", "subnet": subnet, "security_group": group}))
