def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains("field 'amount': removed")
assert log.contains("the contract's major version was raised: accepted, the product's major version was raised")
assert log.contains('No breaking change from the baseline')
return true
