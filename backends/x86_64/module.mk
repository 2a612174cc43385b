# backends/x86_64 sources: see the owner's brief
