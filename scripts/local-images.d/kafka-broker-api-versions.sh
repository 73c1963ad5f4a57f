#!/bin/bash
# As the apache/kafka image has it: docker-compose.yml's health check of the broker.
exec java -cp '/opt/kafka/libs/*' -Dlog4j.configuration=file:/opt/kafka/config/log4j-tools.properties \
    kafka.admin.BrokerApiVersionsCommand "$@"
