# linux-user sources: see the owner's brief
