-- Run once by the postgres image when its data volume is new (docker-entrypoint-initdb.d):
-- the engine keeps its tables in a database of its own on the same server, as Tijdig's
-- local engine does (<Tijdig's database>_engine). The owner is POSTGRES_USER, the user this runs as.
CREATE DATABASE tijdig_engine;
