#!/usr/bin/env python3
# Sends N signed Twilio recording status callbacks (tenant demo, local defaults) one after another on one keep-alive
# connection to ingest-service on 127.0.0.1:8081 and prints p50/p90/min of the answer time.
# Usage: bench/profiles/twilio-callbacks.py <provider simulator base URL, e.g. http://127.0.0.1:8089> <N>
import hmac,hashlib,base64,urllib.parse,secrets,sys,time,http.client
token=b"demo-twilio-token"; acct="AC00000000000000000000000000000000"
path="/webhooks/twilio/demo/recording-status"; url="http://127.0.0.1:8081"+path
base=sys.argv[1]
conn=http.client.HTTPConnection("127.0.0.1",8081)
times=[]
for i in range(int(sys.argv[2])):
    sid="RE"+secrets.token_hex(16)
    p={"AccountSid":acct,"CallSid":"CA"+secrets.token_hex(16),"RecordingSid":sid,
       "RecordingUrl":base+"/2010-04-01/Accounts/"+acct+"/Recordings/"+sid,"RecordingStatus":"completed",
       "RecordingDuration":"8","RecordingChannels":"2","RecordingSource":"DialVerb",
       "RecordingStartTime":time.strftime("%a, %d %b %Y %H:%M:%S +0000",time.gmtime(time.time()-20)),"ErrorCode":"0"}
    s=url+"".join(k+p[k] for k in sorted(p))
    sig=base64.b64encode(hmac.new(token,s.encode(),hashlib.sha1).digest()).decode()
    body=urllib.parse.urlencode(p)
    t=time.perf_counter()
    conn.request("POST",path,body,{"Content-Type":"application/x-www-form-urlencoded","X-Twilio-Signature":sig})
    r=conn.getresponse(); r.read()
    times.append((time.perf_counter()-t)*1000)
    if r.status!=202: print(r.status); break
times.sort(); print("n",len(times),"p50 %.2f ms p90 %.2f min %.2f"%(times[len(times)//2],times[int(len(times)*.9)],times[0]))
