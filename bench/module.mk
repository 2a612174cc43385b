# bench sources: see the owner's brief
