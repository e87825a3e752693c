def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('The checked-in descriptors in src/main/dataproducts differ from the code')
assert log.contains("orders.orders-lake.odcs.yaml: field 'channel'")
assert log.contains('orders.odps.yaml: version 1.0.0 checked in, 1.0.1 in the code')
assert log.contains('-Ddataproduct.updateDescriptors=true')
return true
