def log = new File(basedir, 'build.log').text
def odps = new File(basedir, 'target/dataproducts/orders.odps.yaml')
def odcs = new File(basedir, 'target/dataproducts/orders.orders-lake.odcs.yaml')
assert odps.text.contains('version: 1.1.0')
assert odcs.text.contains('name: channel')
assert log.contains('Comparing with the descriptors of release 1.0.0')
assert log.contains("field 'channel': added")
assert log.contains('No breaking change from the baseline')
assert log.contains('Every glossary term bound by a field exists in glossary.yaml')
def page = new File(basedir, 'target/site/dataproducts/orders.html').text
assert page.contains("The CRM&#39;s customer number")
assert new File(basedir, 'target/site/dataproducts/index.html').text.contains('orders.html')
return true
