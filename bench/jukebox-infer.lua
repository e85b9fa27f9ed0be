-- wrk script for bench/jukebox.sh: every request is one song for POST /v2/models/jukebox/infer, in upstream's
-- layout (13 named FP32 tensors of shape [1,1], model-ready scaled features).
local names = {"is_explicit", "duration_ms", "danceability", "energy", "key", "loudness", "mode", "speechiness",
               "acousticness", "instrumentalness", "liveness", "valence", "tempo"}
local values = {0, 0.27, 0.147, 0.782, 0.818, 0.85, 0, 0.04, 0.0001, 0.0001, 0.369, 0.182, 0.41}
local inputs = {}
for i, n in ipairs(names) do
  inputs[i] = string.format('{"name":"%s","shape":[1,1],"datatype":"FP32","data":[%g]}', n, values[i])
end
wrk.method = "POST"
wrk.body = '{"inputs":[' .. table.concat(inputs, ",") .. ']}'
wrk.headers["Content-Type"] = "application/json"

-- a non-200 answer would make the numbers meaningless: bench/jukebox.sh refuses a run that had any
function done(summary, latency, requests)
  io.write(string.format("non200 %d\n", summary.errors.status))
end
