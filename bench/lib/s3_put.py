"""Creates BUCKET on an S3 endpoint (moto_server) and uploads FILE as KEY: s3_put.py ENDPOINT BUCKET KEY FILE."""
import sys

import boto3

endpoint, bucket, key, path = sys.argv[1:5]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id="bench", aws_secret_access_key="bench")
s3.create_bucket(Bucket=bucket)
with open(path, "rb") as f:
    s3.put_object(Bucket=bucket, Key=key, Body=f.read())
