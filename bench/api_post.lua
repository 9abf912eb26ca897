wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"answers":{"country":"AT","org_type":"company","org_size":"small","sector":["C"],"role":"manager","familiarity":"fairly","mc_experience":"yes","mc_count":1,"mc":[{"mc_title":"Welding basics"}],"comments":"fine"}}'
