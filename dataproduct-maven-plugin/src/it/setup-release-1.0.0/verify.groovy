def log = new File(basedir, 'build.log').text
assert log.contains('nothing to compare with (first release)')
def zip = new File(basedir, 'target/orders-1.0.0-dataproducts.zip')
assert zip.isFile()
def names = new java.util.zip.ZipFile(zip).entries().collect { it.name }.sort()
assert names == ['orders.odps.yaml', 'orders.orders-lake.odcs.yaml'] : names
return true
